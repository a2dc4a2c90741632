// What `server-only` is in the jobs worker's bundle (scripts/jobs-worker.ts): nothing. The worker is a server thread.
export {};

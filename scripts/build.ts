/** npm run build — the production build: `next build`, then the start-up chunks' compile hint (scripts/compile-hints.ts). */
import { build } from './lib';

build();

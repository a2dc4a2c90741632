export { schedule, solve, type ScheduleOptions, type ScheduleStats } from './engine';
export { InstanceError, validateInstance } from './validate';
export type * from './types';

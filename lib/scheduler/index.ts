export { schedule, type ScheduleOptions } from './engine';
export { InstanceError, validateInstance } from './validate';
export type * from './types';

/** The scheduler's instance and result, exactly as ../shared/scheduler-contract.md (v1) defines them. */
export type WorkingHours = { weekday: number; start: string; end: string };
export type Consultant = {
  id: string;
  workingHours: WorkingHours[];
  maxMicroMinutesPerWeek?: number;
  /** App extension, not in the contract: cap minutes already used per ISO week, keyed by its Monday (YYYY-MM-DD). */
  bookedMinutesByWeek?: Record<string, number>;
};
export type ProtectedBlock = { id: string; consultantId: string; kind?: string; start: string; end: string };
export type Busy = { consultantId: string; start: string; end: string };
export type Window = { start: string; end: string };
export type VisitRequest = {
  id: string;
  clientId: string;
  durationMinutes: number;
  travelMinutes: number;
  priority: number;
  consultantIds: string[];
  windows?: Window[];
  /** App extension, not in the contract: the visit does not count toward the weekly cap (not a micro client). */
  uncapped?: boolean;
};
export type Instance = {
  slotMinutes: number;
  horizon: { start: string; end: string };
  consultants: Consultant[];
  protectedBlocks: ProtectedBlock[];
  busy: Busy[];
  visits: VisitRequest[];
};
export type Placement = { visitId: string; consultantId: string; start: string; end: string };
export type Unplaced = { visitId: string; reason: string };
export type Result = { placements: Placement[]; unplaced: Unplaced[] };

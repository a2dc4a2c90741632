/**
 * How long a visit may last, wherever a length is set: the request form, the
 * booking action, the grid's resize and the data layer's own check.
 */
export const VISIT_MIN_MINUTES = 15;
export const VISIT_MAX_MINUTES = 600;

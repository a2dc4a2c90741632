'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { withMember } from '@/lib/actions';
import { createAppointment, deleteAppointment, moveAppointment } from '@/lib/dal/appointments';
import { restoreAppointment } from '@/lib/dal/appointment-undo';
import { acceptProposals, startAutoSchedule } from '@/lib/dal/auto-schedule';
import {
  createMarketingBlock,
  describeBlockInput,
  endMarketingBlock,
  moveOccurrence,
  skipOccurrence,
  unskipOccurrence,
} from '@/lib/dal/marketing-blocks';
import { cancelVisit, createVisitRequest, placeVisit, restoreVisit } from '@/lib/dal/visits';
import { createVisitSeries } from '@/lib/dal/visit-series';
import { setMarketingAllotment, setMicroCap, setWorkingHours } from '@/lib/dal/working-hours';
import { cancelJob, dismissJob, forgetJob } from '@/lib/jobs/registry';
import { blockMessages } from '@/lib/planning/block-messages';
import { dayTimeLabel, formatHours, timeOfDay, timeRangeLabel } from '@/lib/time/format';
import { getTimeStyle } from '@/lib/dal/firm';
import { confirmRequestClient, declineRequest } from '@/lib/dal/requests';
import { confirmRequestSchema, declineRequestSchema } from '@/lib/validations/requests';
import {
  acceptSchema,
  jobRef,
  appointmentSchema,
  autoScheduleSchema,
  cancelVisitSchema,
  endBlockSchema,
  marketingBlockSchema,
  moveAppointmentSchema,
  marketingAllotmentSchema,
  microCapSchema,
  moveOccurrenceSchema,
  placeVisitSchema,
  skipOccurrenceSchema,
  unskipOccurrenceSchema,
  visitRef,
  visitRequestSchema,
  workingHoursSchema,
} from '@/lib/validations/schedule';

const done = (message: string) => {
  revalidatePath('/schedule', 'layout');
  return { status: 'ok' as const, message };
};

export const saveWorkingHoursAction = withMember('schedule.write', workingHoursSchema, (member, input) => {
  setWorkingHours(member, input);
  return done('Working hours saved.');
});

export const saveMicroCapAction = withMember('schedule.manage', microCapSchema, (member, { userId, capHours }) => {
  setMicroCap(member, userId, capHours);
  return done(capHours === null ? 'No weekly micro cap.' : `Weekly micro cap set to ${formatHours(capHours)}.`);
});

export const saveMarketingAllotmentAction = withMember('firm.settings', marketingAllotmentSchema, (member, { userId, allotmentHours }) => {
  setMarketingAllotment(member, userId, allotmentHours);
  revalidatePath('/dashboard');
  revalidatePath('/today');
  return done(
    allotmentHours === null
      ? 'Weekly marketing allotment: the firm’s target.'
      : `Weekly marketing allotment set to ${formatHours(allotmentHours)}.`,
  );
});

export const createBlockAction = withMember('schedule.write', marketingBlockSchema, (member, input) => {
  createMarketingBlock(member, input);
  const text = describeBlockInput(input);
  return done(blockMessages.added(text, input.start, input.end, getTimeStyle(member)));
});

export const skipOccurrenceAction = withMember('schedule.write', skipOccurrenceSchema, (member, { blockId, date, reason }) => {
  skipOccurrence(member, blockId, date, reason);
  return done(blockMessages.skipped(date, getTimeStyle(member)));
});

export const unskipOccurrenceAction = withMember('schedule.write', unskipOccurrenceSchema, (member, { blockId, date }) => {
  unskipOccurrence(member, blockId, date);
  return done(blockMessages.unskipped(date, getTimeStyle(member)));
});

export const moveOccurrenceAction = withMember('schedule.write', moveOccurrenceSchema, (member, input) => {
  const { blockId, date, toDate, start, end, reason } = input;
  moveOccurrence(member, blockId, date, start, end, reason, toDate);
  return done(blockMessages.moved(date, toDate, start, end, getTimeStyle(member)));
});

export const endBlockAction = withMember('schedule.write', endBlockSchema, (member, { blockId, lastDate, reason }) => {
  endMarketingBlock(member, blockId, lastDate, reason);
  return done(blockMessages.ended(lastDate, getTimeStyle(member)));
});

export const createAppointmentAction = withMember('schedule.write', appointmentSchema, (member, input) => {
  createAppointment(member, input);
  revalidatePath('/schedule', 'layout');
  redirect(`/schedule?who=${input.userId}&week=${input.date}`);
});

export const deleteAppointmentAction = withMember(
  'schedule.write',
  z.object({ appointmentId: z.coerce.number().int().positive() }).strict(),
  (member, { appointmentId }) => {
    const { userId, date } = deleteAppointment(member, appointmentId);
    revalidatePath('/schedule', 'layout');
    // To the week it was in, which offers Undo (`removed`) until the next page.
    redirect(`/schedule?who=${userId}&week=${date}&removed=${appointmentId}`);
  },
);

/** The grid's drag and drop (and its keyboard moves) of an appointment; the same rules as adding one. */
export const moveAppointmentAction = withMember(
  'schedule.write',
  moveAppointmentSchema,
  (member, { appointmentId, userId, date, start, end }) => {
    moveAppointment(member, appointmentId, userId, date, start, end ?? null);
    const style = getTimeStyle(member);
    return done(
      end === undefined
        ? `Moved to ${dayTimeLabel(date, start, style)}.`
        : `Now ${dayTimeLabel(date, start, style)} to ${timeOfDay(end, style.hours)}.`,
    );
  },
);

export const restoreAppointmentAction = withMember(
  'schedule.write',
  z.object({ appointmentId: z.coerce.number().int().positive() }).strict(),
  (member, { appointmentId }) => {
    restoreAppointment(member, appointmentId);
    return done('The appointment is back in the week.');
  },
);

export const createRequestAction = withMember('schedule.manage', visitRequestSchema, (member, input) => {
  if (input.repeat !== 'none') {
    // A recurring visit is listed on its client's page, where it can be stopped; its first requests are in the queue.
    createVisitSeries(member, input);
    revalidatePath('/schedule', 'layout');
    revalidatePath(`/clients/${input.clientId}`);
    redirect(`/clients/${input.clientId}#recurring-heading`);
  }
  createVisitRequest(member, input);
  revalidatePath('/schedule', 'layout');
  redirect('/schedule?added=request');
});

export const placeVisitAction = withMember(
  'schedule.manage',
  placeVisitSchema,
  (member, { visitId, userId, date, start, overrideReason, durationMinutes }) => {
    const placed = placeVisit(member, visitId, userId, date, start, overrideReason ?? null, durationMinutes ?? null);
    const style = getTimeStyle(member);
    // The stored instants, on the firm's clock: a length across a daylight-saving change ends where it is stored.
    const when = !placed.resized
      ? `Booked on ${dayTimeLabel(date, start, style)}.`
      : `Now ${timeRangeLabel(placed.zone, placed.startsAt, placed.endsAt, style)}.`;
    return done(`${when}${overrideReason ? ' The marketing budget override is in the audit log.' : ''}`);
  },
);

export const cancelVisitAction = withMember('schedule.manage', cancelVisitSchema, (member, { visitId, reason }) => {
  cancelVisit(member, visitId, reason);
  return done('Visit cancelled; the reason is in the audit log.');
});

export const restoreVisitAction = withMember('schedule.manage', visitRef, (member, { visitId }) => {
  const status = restoreVisit(member, visitId);
  return done(status === 'scheduled' ? 'Visit restored in its old time.' : 'Visit restored to the open requests.');
});

/** Starts the scheduler in a worker thread; the page polls the job it names (GET /api/jobs/[id]). */
export const previewAutoScheduleAction = withMember('schedule.manage', autoScheduleSchema, (member, { weeks, replan }) => {
  const { job, already } = startAutoSchedule(member, weeks, replan);
  return {
    status: 'ok',
    message: already ? `${job.startedBy} is running the auto-scheduler for your firm right now; that run is shown below.` : undefined,
    data: { jobId: job.id },
  };
});

export const acceptPreviewAction = withMember('schedule.manage', acceptSchema, (member, { proposals, jobId }) => {
  const result = acceptProposals(member, proposals);
  if (jobId) forgetJob(member, jobId);
  revalidatePath('/schedule', 'layout');
  const refused = result.refused.map((r) => `${r.clientName || `visit ${r.visitId}`}: ${r.reason}`).join(' · ');
  return {
    status: result.accepted || !result.refused.length ? 'ok' : 'error',
    message: `Booked ${result.accepted} visit${result.accepted === 1 ? '' : 's'}.${refused ? ` No longer fits: ${refused}` : ''}`,
  };
});

/** Stops the firm's running preview: its worker thread is terminated and nothing is written (a preview never writes). */
export const cancelPreviewAction = withMember('schedule.manage', jobRef, (member, { jobId }) => {
  cancelJob(member, jobId, 'auto-schedule');
  return { status: 'ok', message: 'Preview cancelled; nothing was booked.' };
});

export const discardPreviewAction = withMember('schedule.manage', jobRef, (member, { jobId }) => {
  dismissJob(member, jobId);
  return { status: 'ok', message: 'Preview discarded; nothing was booked.' };
});

export const confirmRequestAction = withMember('schedule.manage', confirmRequestSchema, (member, { requestId, clientId }) => {
  confirmRequestClient(member, requestId, clientId);
  redirect(`/schedule?confirmed=${clientId === 'new' ? 'new' : 'linked'}`);
});

export const declineRequestAction = withMember('schedule.manage', declineRequestSchema, (member, { requestId }) => {
  declineRequest(member, requestId);
  redirect('/schedule?confirmed=declined');
});

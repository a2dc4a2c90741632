import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { permissions, type Permission, type Role } from './permissions';

const ALL: readonly Role[] = ['owner', 'consultant', 'staff'];
const MANAGERS: readonly Role[] = ['owner', 'staff'];
const OWNER: readonly Role[] = ['owner'];

/**
 * Every server action, the permission its withMember gate checks and the roles
 * that gate lets through. The data layer narrows some further per record (a
 * consultant passes the schedule.write gate, then may change only their own
 * schedule); e2e/security.spec.ts posts every action as every role and another
 * firm. A new action without an entry here fails this test.
 */
const GATES: Record<string, 'public' | [Permission, readonly Role[]]> = {
  'app/(auth)/actions.ts#loginAction': 'public',
  'app/(auth)/actions.ts#signupAction': 'public',
  'app/(auth)/actions.ts#logoutAction': 'public',
  'app/(auth)/password-actions.ts#forgotPasswordAction': 'public',
  'app/(auth)/password-actions.ts#resetPasswordAction': 'public',
  'app/(auth)/confirm-actions.ts#confirmEmailAction': 'public',
  'app/(auth)/invite-actions.ts#acceptInviteAction': 'public',
  'app/(auth)/confirm-actions.ts#resendConfirmationAction': ['account.own', ALL],
  'app/request/[token]/actions.ts#submitRequestAction': 'public',
  'app/mail/opt-out/[token]/actions.ts#optOutAction': 'public',
  'app/(auth)/actions.ts#changePasswordAction': ['account.own', ALL],
  'app/(app)/settings/profile/actions.ts#shareLocationAction': ['account.own', ALL],
  'app/(auth)/two-factor-actions.ts#startTwoFactorAction': ['account.own', ALL],
  'app/(auth)/two-factor-actions.ts#confirmTwoFactorAction': ['account.own', ALL],
  'app/(auth)/two-factor-actions.ts#turnOffTwoFactorAction': ['account.own', ALL],
  'app/(app)/settings/profile/actions.ts#regenerateFeedAction': ['account.own', ALL],
  'app/(app)/settings/profile/actions.ts#revokeFeedAction': ['account.own', ALL],
  'app/(app)/settings/profile/actions.ts#optionalMailAction': ['account.own', ALL],
  'app/(app)/settings/profile/calendar-actions.ts#addExternalCalendarAction': ['account.own', ALL],
  'app/(app)/settings/profile/calendar-actions.ts#refreshExternalCalendarAction': ['account.own', ALL],
  'app/(app)/settings/profile/calendar-actions.ts#removeExternalCalendarAction': ['account.own', ALL],
  'app/(app)/settings/firm/actions.ts#updateFirmSettingsAction': ['firm.settings', OWNER],
  'app/(app)/settings/firm/actions.ts#requestPageAction': ['firm.settings', OWNER],
  'app/(app)/settings/firm/actions.ts#requireTwoFactorAction': ['firm.settings', OWNER],
  'app/(app)/settings/team/actions.ts#addTeamMemberAction': ['team.manage', OWNER],
  'app/(app)/settings/team/actions.ts#changeRoleAction': ['team.manage', OWNER],
  'app/(app)/settings/team/actions.ts#deactivateMemberAction': ['team.manage', OWNER],
  'app/(app)/settings/team/actions.ts#reactivateMemberAction': ['team.manage', OWNER],
  'app/(app)/settings/team/actions.ts#resetPasswordAction': ['team.manage', OWNER],
  'app/(app)/settings/team/actions.ts#resetTwoFactorAction': ['team.manage', OWNER],
  'app/(app)/settings/team/actions.ts#resendInvitationAction': ['team.manage', OWNER],
  'app/(app)/settings/team/actions.ts#revokeInvitationAction': ['team.manage', OWNER],
  'app/(app)/settings/email/actions.ts#resendMessageAction': ['mail.manage', OWNER],
  'app/(app)/clients/actions.ts#createClientAction': ['clients.write', MANAGERS],
  'app/(app)/clients/actions.ts#updateClientAction': ['clients.write', MANAGERS],
  'app/(app)/clients/actions.ts#archiveClientAction': ['clients.write', MANAGERS],
  'app/(app)/clients/actions.ts#restoreClientAction': ['clients.write', MANAGERS],
  'app/(app)/clients/actions.ts#previewImportAction': ['clients.write', MANAGERS],
  'app/(app)/clients/actions.ts#importClientsAction': ['clients.write', MANAGERS],
  'app/(app)/schedule/actions.ts#saveWorkingHoursAction': ['schedule.write', ALL],
  'app/(app)/schedule/actions.ts#createBlockAction': ['schedule.write', ALL],
  'app/(app)/schedule/actions.ts#skipOccurrenceAction': ['schedule.write', ALL],
  'app/(app)/schedule/actions.ts#unskipOccurrenceAction': ['schedule.write', ALL],
  'app/(app)/schedule/actions.ts#moveOccurrenceAction': ['schedule.write', ALL],
  'app/(app)/schedule/actions.ts#endBlockAction': ['schedule.write', ALL],
  'app/(app)/schedule/actions.ts#createAppointmentAction': ['schedule.write', ALL],
  'app/(app)/schedule/actions.ts#deleteAppointmentAction': ['schedule.write', ALL],
  'app/(app)/schedule/actions.ts#restoreAppointmentAction': ['schedule.write', ALL],
  'app/(app)/schedule/actions.ts#moveAppointmentAction': ['schedule.write', ALL],
  'app/(app)/schedule/marketing/actions.ts#addHolidayAction': ['firm.settings', OWNER],
  'app/(app)/schedule/marketing/actions.ts#removeHolidayAction': ['firm.settings', OWNER],
  'app/(app)/schedule/marketing/actions.ts#addTimeOffAction': ['schedule.write', ALL],
  'app/(app)/schedule/marketing/actions.ts#removeTimeOffAction': ['schedule.write', ALL],
  'app/(app)/schedule/actions.ts#saveMicroCapAction': ['schedule.manage', MANAGERS],
  'app/(app)/schedule/actions.ts#saveMarketingAllotmentAction': ['firm.settings', OWNER],
  // The gate lets everyone through; the data layer allows one's own window, and the owner anyone's.
  'app/(app)/schedule/window-actions.ts#saveMarketingWindowAction': ['schedule.write', ALL],
  'app/(app)/schedule/actions.ts#createRequestAction': ['schedule.manage', MANAGERS],
  'app/(app)/schedule/actions.ts#placeVisitAction': ['schedule.manage', MANAGERS],
  'app/(app)/schedule/actions.ts#cancelVisitAction': ['schedule.manage', MANAGERS],
  'app/(app)/schedule/actions.ts#restoreVisitAction': ['schedule.manage', MANAGERS],
  'app/(app)/schedule/actions.ts#previewAutoScheduleAction': ['schedule.manage', MANAGERS],
  'app/(app)/schedule/actions.ts#acceptPreviewAction': ['schedule.manage', MANAGERS],
  'app/(app)/schedule/actions.ts#discardPreviewAction': ['schedule.manage', MANAGERS],
  'app/(app)/schedule/actions.ts#cancelPreviewAction': ['schedule.manage', MANAGERS],
  'app/(app)/schedule/actions.ts#confirmRequestAction': ['schedule.manage', MANAGERS],
  'app/(app)/schedule/actions.ts#declineRequestAction': ['schedule.manage', MANAGERS],
  'app/(app)/timesheets/actions.ts#addEntryAction': ['timesheets.own', ALL],
  'app/(app)/timesheets/actions.ts#updateEntryAction': ['timesheets.own', ALL],
  'app/(app)/timesheets/actions.ts#deleteEntryAction': ['timesheets.own', ALL],
  'app/(app)/timesheets/actions.ts#submitWeekAction': ['timesheets.own', ALL],
  'app/(app)/clients/[id]/actions.ts#confirmClientDetailsAction': ['clients.write', MANAGERS],
  'app/(app)/settings/billing/actions.ts#updateBillingSettingsAction': ['firm.settings', OWNER],
  'app/(app)/settings/billing/actions.ts#updateTierTermsAction': ['firm.settings', OWNER],
  'app/(app)/clients/[id]/actions.ts#setClientTermsAction': ['invoices.write', MANAGERS],
  'app/(app)/clients/[id]/actions.ts#stopVisitSeriesAction': ['schedule.manage', MANAGERS],
  'app/(app)/invoices/actions.ts#createDraftAction': ['invoices.write', MANAGERS],
  'app/(app)/invoices/actions.ts#addLineAction': ['invoices.write', MANAGERS],
  'app/(app)/invoices/actions.ts#updateLineAction': ['invoices.write', MANAGERS],
  'app/(app)/invoices/actions.ts#updateTimeLineAction': ['invoices.write', MANAGERS],
  'app/(app)/invoices/actions.ts#removeLineAction': ['invoices.write', MANAGERS],
  'app/(app)/invoices/actions.ts#deleteDraftAction': ['invoices.write', MANAGERS],
  'app/(app)/invoices/actions.ts#finaliseAction': ['invoices.write', MANAGERS],
  'app/(app)/invoices/actions.ts#markSentAction': ['invoices.write', MANAGERS],
  'app/(app)/invoices/actions.ts#sendInvoiceAction': ['invoices.write', MANAGERS],
  'app/(app)/invoices/actions.ts#voidAction': ['invoices.write', MANAGERS],
  'app/(app)/invoices/actions.ts#paymentAction': ['invoices.write', MANAGERS],
  'app/(app)/invoices/actions.ts#reversePaymentAction': ['invoices.write', MANAGERS],
  'app/(app)/invoices/contract-actions.ts#createContractAction': ['invoices.write', MANAGERS],
  'app/(app)/invoices/contract-actions.ts#endContractAction': ['invoices.write', MANAGERS],
  'app/(app)/invoices/contract-actions.ts#prepareMonthAction': ['invoices.write', MANAGERS],
  'app/(app)/invoices/contract-actions.ts#cancelPrepareMonthAction': ['invoices.write', MANAGERS],
};

const root = path.resolve(import.meta.dirname, '..');

/** Every module of server actions under `dir`: any file that starts with 'use server', whatever its name. */
function actionFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return actionFiles(full);
    return /\.tsx?$/.test(e.name) && /^\s*['"]use server['"]/.test(fs.readFileSync(full, 'utf8')) ? [full] : [];
  });
}

/** Every exported action of the app's server-action modules, with the permission its gate names (null: not gated by withMember). */
function foundActions(): Map<string, Permission | null> {
  const out = new Map<string, Permission | null>();
  for (const file of actionFiles(path.join(root, 'app'))) {
    const text = fs.readFileSync(file, 'utf8');
    const rel = path.relative(root, file).split(path.sep).join('/');
    for (const m of text.matchAll(/^export (?:const (\w+) = withMember\(\s*'([\w.]+)'|async function (\w+)|const (\w+)\s*=)/gm)) {
      const name = m[1] ?? m[3] ?? m[4]!;
      out.set(`${rel}#${name}`, m[1] ? (m[2] as Permission) : null);
    }
  }
  return out;
}

describe('server action gates', () => {
  const found = foundActions();

  it('lists every action, and only actions that exist', () => {
    expect(
      [...found.keys()].filter((k) => !(k in GATES)),
      'actions without an entry',
    ).toEqual([]);
    expect(
      Object.keys(GATES).filter((k) => !found.has(k)),
      'entries for actions that no longer exist',
    ).toEqual([]);
  });

  it('gates each action by the permission in the table, which lets exactly the listed roles through', () => {
    for (const [key, gate] of Object.entries(GATES)) {
      if (gate === 'public') {
        expect(found.get(key), `${key} is public`).toBeNull();
        continue;
      }
      const [permission, roles] = gate;
      expect(found.get(key), key).toBe(permission);
      expect([...permissions[permission]].sort(), `${key}: ${permission}`).toEqual([...roles].sort());
    }
  });

  it('schedule.write is exactly the roles that may change some schedule: their own (schedule.own) or anyone’s (schedule.manage)', () => {
    const union = new Set<Role>([...permissions['schedule.own'], ...permissions['schedule.manage']]);
    expect([...permissions['schedule.write']].sort()).toEqual([...union].sort());
  });
});

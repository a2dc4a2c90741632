/**
 * Words the server and the phone's offline queue must say alike: a refusal the phone makes on its own,
 * offline, reads exactly as the server's answer would.
 */

/**
 * One open check-in per person. `since` is the check-in time on the firm's 24-hour clock ("15:21"), with
 * its day in front when it was not today ("Mon Mar 2 15:21").
 */
export function checkedInElsewhereMessage(clientName: string, since: string): string {
  return `You are checked in at ${clientName} since ${since} — check out first.`;
}

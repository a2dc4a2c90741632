/**
 * Words the server and the phone's offline queue must say alike: a refusal the phone makes on its own,
 * offline, reads exactly as the server's answer would.
 */

/**
 * One open check-in per person. `since` is the check-in time as the firm writes it ("15:21" or "3:21 PM"), with
 * its day in front when it was not today ("Mon Mar 2, 15:21").
 */
export function checkedInElsewhereMessage(clientName: string, since: string): string {
  return `You are checked in at ${clientName} since ${since} — check out first.`;
}

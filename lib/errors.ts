/** An expected failure whose message is written for the person using the app. */
export class UserFacingError extends Error {
  readonly expected = true;
  constructor(
    message: string,
    public readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The gateway refused, or could not be reached: exit code 1. */
export class CliError extends Error {}

/** The command line itself is wrong (unknown command or flag, missing or malformed value): exit code 2. */
export class UsageError extends Error {
  constructor(message, command) {
    super(message);
    /** The command whose help to print with the error, when known. */
    this.command = command;
  }
}

/** Thrown by startProxy when the store cannot be opened; `message` is one line for the owner. */
export class StoreOpenError extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'StoreOpenError';
  }
}

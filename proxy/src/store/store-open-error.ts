/** Thrown by startProxy when the store cannot be opened; `message` is one line for the owner. */
export class StoreOpenError extends Error {
  /** Set when the setting itself cannot work (e.g. DATA_DIR under /proc): a configuration problem. */
  readonly setting: 'DATA_DIR' | undefined;
  /** The problem without the setting's name, for `path: reason` lists. */
  readonly problem: string;

  constructor(problem: string, setting?: 'DATA_DIR') {
    super(setting ? `${setting}: ${problem}` : problem);
    this.name = 'StoreOpenError';
    this.setting = setting;
    this.problem = problem;
  }
}

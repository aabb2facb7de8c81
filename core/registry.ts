/**
 * A name → item table for models, datasets, methods and metrics, so that a sweep spec can name them
 * and a worker can resolve them without switch statements.
 */
export class Registry<T> {
  private readonly items = new Map<string, T>();

  /** @param kind what the registry holds, used in error messages ("model", "method", …) */
  constructor(readonly kind: string) {}

  /** Thrown when a name is registered twice: two modules claiming one name is a bug, not an override. */
  register(name: string, item: T): T {
    if (this.items.has(name)) throw new Error(`${this.kind} '${name}' is already registered`);
    this.items.set(name, item);
    return item;
  }

  get(name: string): T {
    const item = this.items.get(name);
    if (item === undefined) throw new UnknownNameError(this.kind, name, this.names());
    return item;
  }

  has(name: string): boolean {
    return this.items.has(name);
  }

  names(): string[] {
    return [...this.items.keys()].sort();
  }
}

/** Thrown when a registry lookup misses; lists the valid choices so the message is actionable. */
export class UnknownNameError extends Error {
  override readonly name = 'UnknownNameError';
  constructor(
    readonly kind: string,
    readonly requested: string,
    readonly choices: string[],
  ) {
    super(`unknown ${kind} '${requested}'; choose one of: ${choices.join(', ') || '(none registered)'}`);
  }
}

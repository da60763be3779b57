/** An invariant a model declares (unique, not null, relationship) does not hold after a build. */
export class ModelCheckError extends Error {
  constructor(readonly failures: { model: string; check: string; failingRows: number }[]) {
    super(
      `analytics invariants failed:\n${failures.map((f) => `  ${f.model}: ${f.check} (${f.failingRows} rows)`).join('\n')}`,
    );
    this.name = 'ModelCheckError';
  }
}

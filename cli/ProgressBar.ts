/**
 * A one-line progress bar on a terminal (stderr); on a pipe or in CI it prints nothing until
 * `done`, which writes one plain line, so logs stay readable.
 */
export class ProgressBar {
  private lastRender = 0;
  private readonly interactive: boolean;

  constructor(private readonly label: string, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.interactive = Boolean(stream.isTTY) && !process.env.CI;
  }

  update(done: number, total: number, detail = ''): void {
    if (!this.interactive) return;
    const now = Date.now();
    if (now - this.lastRender < 100 && done < total) return;
    this.lastRender = now;
    const width = 30;
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(ratio * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    this.stream.write(`\r${this.label.padEnd(12)} ${bar} ${(ratio * 100).toFixed(0).padStart(3)}% ${detail}\x1b[K`);
  }

  done(message: string): void {
    if (this.interactive) this.stream.write(`\r\x1b[K`);
    this.stream.write(`${this.label.padEnd(12)} ${message}\n`);
  }
}

import type { SseSink } from '../../inference/sse-sink.ts';

/** An SseSink that keeps what was written (tests of the translators). */
export class TextSink implements SseSink {
  text = '';
  ended = false;
  closed = false;
  open(): void {}
  write(text: string): boolean {
    this.text += text;
    return true;
  }
  async drain(): Promise<void> {}
  end(): void {
    this.ended = true;
  }

  /** The named events written so far, data parsed. */
  events(): Array<{ event: string; data: any }> {
    return this.text
      .split('\n\n')
      .filter((frame) => frame.trim() !== '')
      .map((frame) => {
        const lines = frame.split('\n');
        const event = lines.find((line) => line.startsWith('event: '))!.slice('event: '.length);
        const data = JSON.parse(lines.find((line) => line.startsWith('data: '))!.slice('data: '.length));
        return { event, data };
      });
  }
}

/** The frames of a recorded chat stream fixture, as the stream relay writes them. */
export function relayFrames(fixture: string): string[] {
  return fixture
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => `${line}\n\n`);
}

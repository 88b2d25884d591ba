/**
 * Text transformations run over a long text piece by piece, with a carried remainder, so that no
 * step copies more than a piece (plus what it must carry) at a time. A stage is exact: the pieces it
 * returns, joined, equal its transformation of the whole text.
 */
export interface TextStage {
  /** Takes the next piece of input; returns the output that is final so far (possibly ''). */
  push(piece: string): string;
  /** Ends the input; returns the rest of the output. */
  finish(): string;
}

/**
 * A stage for a transformation that may be applied to the parts of a text separately wherever
 * `lastCut` allows: `lastCut(buffer)` returns a position 0 < C < buffer.length such that
 * `transform(whole) = transform(before C) + transform(from C)` whatever follows the buffer, or 0
 * when there is none yet (the buffer is carried into the next push).
 */
export function cutStage(transform: (text: string) => string, lastCut: (buffer: string) => number): TextStage {
  let carry = '';
  return {
    push(piece) {
      const buffer = carry + piece;
      const cut = buffer.length > 1 ? lastCut(buffer) : 0;
      if (cut <= 0) {
        carry = buffer;
        return '';
      }
      carry = buffer.slice(cut);
      return transform(buffer.slice(0, cut));
    },
    finish() {
      const rest = carry;
      carry = '';
      return transform(rest);
    },
  };
}

/** `String.prototype.trim` of the whole stream: leading whitespace dropped, trailing whitespace held back. */
export function trimStage(): TextStage {
  let started = false;
  let held = '';
  return {
    push(piece) {
      let text = piece;
      if (!started) {
        text = text.trimStart();
        if (text.length === 0) return '';
        started = true;
      }
      const body = text.trimEnd();
      if (body.length === 0) {
        held += text;
        return '';
      }
      const output = held + body;
      held = text.slice(body.length);
      return output;
    },
    finish() {
      held = '';
      return '';
    },
  };
}

/** Feeds `text` in pieces of `pieceCharacters` through the stages in order; gives each output piece to `sink`. */
export function streamStages(
  text: string,
  stages: TextStage[],
  pieceCharacters: number,
  sink: (piece: string) => void,
): void {
  const feed = (piece: string, from: number): void => {
    let current = piece;
    for (let index = from; index < stages.length && current.length > 0; index++) current = stages[index]!.push(current);
    if (current.length > 0) sink(current);
  };
  for (let start = 0; start < text.length; start += pieceCharacters)
    feed(text.slice(start, start + pieceCharacters), 0);
  // Finish each stage in order; what it releases still goes through the stages after it.
  for (let index = 0; index < stages.length; index++) feed(stages[index]!.finish(), index + 1);
}

/** streamStages with the output pieces joined. */
export function runStages(text: string, stages: TextStage[], pieceCharacters: number): string {
  const output: string[] = [];
  streamStages(text, stages, pieceCharacters, (piece) => output.push(piece));
  return output.join('');
}

/**
 * The last cut just after a line break at `newline + 1 <= limit` for which `accept(newline)` holds,
 * searching backwards; `skipTo(newline)` may name an earlier position to continue from (or -1).
 */
export function lastNewlineCut(
  buffer: string,
  limit: number,
  accept: (newline: number) => boolean,
  skipTo: (newline: number) => number = (newline) => newline - 1,
): number {
  let newline = buffer.lastIndexOf('\n', Math.min(limit, buffer.length - 1) - 1);
  while (newline >= 0) {
    if (accept(newline)) return newline + 1;
    const before = skipTo(newline);
    if (before < 0) return 0;
    newline = buffer.lastIndexOf('\n', before);
  }
  return 0;
}

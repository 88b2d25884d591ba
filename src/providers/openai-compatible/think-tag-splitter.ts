/**
 * Splits content that carries its reasoning inline as `<think>…</think>` into reasoning and
 * answer, incrementally: the tags may be cut anywhere across stream chunks, so a possible
 * partial tag at the end of a piece is held back until the next piece decides it.
 */
const openTag = '<think>';
const closeTag = '</think>';

type State = 'start' | 'thinking-start' | 'thinking' | 'answer-start' | 'answer';

export interface SplitPiece {
  reasoning: string;
  content: string;
}

export class ThinkTagSplitter {
  private state: State = 'start';
  private held = '';

  /** `implicitOpen`: the output starts inside the thought (the template put `<think>` in the prompt). */
  constructor(private readonly implicitOpen = false) {}

  /** True once the thought is over: later content passes through unchanged. */
  get inAnswer(): boolean {
    return this.state === 'answer';
  }

  push(text: string): SplitPiece {
    const piece: SplitPiece = { reasoning: '', content: '' };
    let rest = this.held + text;
    this.held = '';
    while (rest !== '') {
      switch (this.state) {
        case 'start': {
          const trimmed = rest.trimStart();
          if (trimmed === '' || (trimmed.length < openTag.length && openTag.startsWith(trimmed))) {
            this.held = rest;
            return piece;
          }
          if (trimmed.startsWith(openTag)) {
            this.state = 'thinking-start';
            rest = trimmed.slice(openTag.length);
          } else {
            this.state = this.implicitOpen ? 'thinking' : 'answer';
          }
          break;
        }
        case 'thinking-start':
        case 'answer-start': {
          const trimmed = rest.replace(/^\s+/, '');
          if (trimmed === '') return piece;
          this.state = this.state === 'thinking-start' ? 'thinking' : 'answer';
          rest = trimmed;
          break;
        }
        case 'thinking': {
          const close = rest.indexOf(closeTag);
          if (close !== -1) {
            piece.reasoning += rest.slice(0, close).replace(/\s+$/, '');
            this.state = 'answer-start';
            rest = rest.slice(close + closeTag.length);
            break;
          }
          // Hold back a possible partial closing tag and the whitespace before it (trimmed at the close).
          let keep = partialSuffix(rest, closeTag);
          while (keep < rest.length && /\s/.test(rest.charAt(rest.length - keep - 1))) keep++;
          piece.reasoning += rest.slice(0, rest.length - keep);
          this.held = rest.slice(rest.length - keep);
          return piece;
        }
        case 'answer':
          piece.content += rest;
          return piece;
      }
    }
    return piece;
  }

  /** Ends the content: whatever was held back is released as what it was going to be. */
  flush(): SplitPiece {
    const held = this.held;
    this.held = '';
    if (this.state === 'thinking' || this.state === 'thinking-start') return { reasoning: held, content: '' };
    if (this.state === 'start') this.state = 'answer';
    return { reasoning: '', content: held };
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialSuffix(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (text.endsWith(tag.slice(0, length))) return length;
  }
  return 0;
}

/** Splits a whole (non-streamed) content string. */
export function splitThinkTags(content: string, implicitOpen = false): SplitPiece {
  const splitter = new ThinkTagSplitter(implicitOpen);
  const first = splitter.push(content);
  const last = splitter.flush();
  return { reasoning: first.reasoning + last.reasoning, content: first.content + last.content };
}

/**
 * Splits a stream of JSON text holding one top-level array into the texts of its elements,
 * without holding the whole document: tracks depth, strings and escapes character by character.
 * A top-level object (not an array) is returned as one element.
 */
export class JsonArraySplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  private topLevelObject = false;
  private current: string[] = [];
  private elementStart = -1;

  /** Feeds a chunk; returns the complete elements it closed. */
  push(chunk: string): string[] {
    const out: string[] = [];
    this.elementStart = this.depth >= 1 && this.collecting() ? 0 : -1;
    for (let index = 0; index < chunk.length; index++) {
      const character = chunk.charCodeAt(index);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (character === 92) this.escaped = true;
        else if (character === 34) this.inString = false;
        continue;
      }
      if (!this.started) {
        if (character === 91 /* [ */) {
          this.started = true;
          this.depth = 1;
          continue;
        }
        if (character === 123 /* { */) {
          this.started = true;
          this.topLevelObject = true;
          this.depth = 1;
          this.elementStart = index;
          continue;
        }
        if (isSpace(character) || character === 0xfeff) continue;
        throw new Error('The JSON file must hold an array of objects (or one object).');
      }
      if (character === 34) {
        this.inString = true;
        if (this.depth === 1 && !this.topLevelObject && this.elementStart < 0) this.elementStart = index;
        continue;
      }
      if (character === 123 || character === 91) {
        if (this.depth === 1 && !this.topLevelObject && this.elementStart < 0) this.elementStart = index;
        this.depth++;
      } else if (character === 125 || character === 93) {
        this.depth--;
        if (this.topLevelObject && this.depth === 0) {
          this.current.push(chunk.slice(Math.max(0, this.elementStart), index + 1));
          out.push(this.current.join(''));
          this.current = [];
          this.elementStart = -1;
        } else if (this.depth === 1 && !this.topLevelObject) {
          this.current.push(chunk.slice(Math.max(0, this.elementStart), index + 1));
          out.push(this.current.join(''));
          this.current = [];
          this.elementStart = -1;
        }
      } else if (
        this.depth === 1 &&
        !this.topLevelObject &&
        !isSpace(character) &&
        character !== 44 &&
        this.elementStart < 0
      ) {
        this.elementStart = index; // a scalar element: collected until the next comma
      } else if (this.depth === 1 && !this.topLevelObject && character === 44 && this.elementStart >= 0) {
        this.current.push(chunk.slice(this.elementStart, index));
        out.push(this.current.join(''));
        this.current = [];
        this.elementStart = -1;
      }
    }
    if (this.elementStart >= 0) this.current.push(chunk.slice(this.elementStart));
    return out;
  }

  private collecting(): boolean {
    return this.current.length > 0;
  }
}

function isSpace(character: number): boolean {
  return character === 32 || character === 10 || character === 13 || character === 9;
}

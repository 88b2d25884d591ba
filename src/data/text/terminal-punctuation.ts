/** Sentence-final punctuation, Western and Chinese (closing quotes and brackets after it allowed). */
export const terminalPunctuation = /[.!?。！？…"”’」』]\s*$/;

export function endsWithTerminalPunctuation(line: string): boolean {
  return terminalPunctuation.test(line.trimEnd());
}

/** Sentences by final punctuation (Western and Chinese). */
export function countSentences(text: string): number {
  return text.split(/(?<=[.!?。！？])\s*/).filter((sentence) => sentence.trim().length > 0).length;
}

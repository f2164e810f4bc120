/**
 * Splits a command line into words the way a POSIX shell does for the parts these tests need: blanks
 * separate words, single quotes keep everything literal, double quotes keep everything but `\"`, `\\`, `\$`
 * and `` \` `` literal, and a backslash outside quotes escapes the next character. Expansions (`$x`, globs,
 * `~`) are refused rather than guessed, so a command that relies on them fails the test.
 * @see https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html#tag_18_02
 */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let i = 0;
  const append = (text: string) => {
    word = (word ?? "") + text;
  };
  while (i < command.length) {
    const char = command.charAt(i);
    if (char === " " || char === "\t" || char === "\n") {
      if (word !== undefined) words.push(word);
      word = undefined;
      i++;
    } else if (char === "'") {
      const close = command.indexOf("'", i + 1);
      if (close === -1) throw new Error(`Unterminated single quote at ${i}`);
      append(command.slice(i + 1, close));
      i = close + 1;
    } else if (char === '"') {
      let j = i + 1;
      let text = "";
      while (j < command.length && command.charAt(j) !== '"') {
        const inner = command.charAt(j);
        if (inner === "\\" && '"\\$`'.includes(command.charAt(j + 1))) {
          text += command.charAt(j + 1);
          j += 2;
        } else if (inner === "$" || inner === "`") {
          throw new Error(`Expansion inside double quotes at ${j} is not supported`);
        } else {
          text += inner;
          j++;
        }
      }
      if (j >= command.length) throw new Error(`Unterminated double quote at ${i}`);
      append(text);
      i = j + 1;
    } else if (char === "\\") {
      if (i + 1 >= command.length) throw new Error("Trailing backslash");
      append(command.charAt(i + 1));
      i += 2;
    } else if ("$`*?[~|&;<>()".includes(char)) {
      throw new Error(`Unquoted shell metacharacter ${JSON.stringify(char)} at ${i}`);
    } else {
      append(char);
      i++;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

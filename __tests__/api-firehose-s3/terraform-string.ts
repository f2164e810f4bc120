/**
 * What Terraform makes of a string value in a `.tf.json` file: a template, where `$${` and `%%{` are escapes
 * for the literal `${` and `%{`, and an unescaped `${` or `%{` starts an interpolation or a directive.
 * @see https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping
 */
export function terraformStringValue(text: string): string {
  let value = "";
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith("$${", i) || text.startsWith("%%{", i)) {
      value += `${text.charAt(i)}{`;
      i += 2;
      continue;
    }
    if (text.startsWith("${", i) || text.startsWith("%{", i)) {
      throw new Error(
        `Terraform would evaluate ${JSON.stringify(text.slice(i, i + 40))} instead of passing it through`,
      );
    }
    value += text.charAt(i);
  }
  return value;
}

/** {@link terraformStringValue} over every value of a map. */
export function terraformStringValues(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, terraformStringValue(value)]));
}

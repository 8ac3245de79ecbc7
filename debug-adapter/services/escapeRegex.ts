/** Text as a regex source that matches it literally (URLs and paths in CDP patterns). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

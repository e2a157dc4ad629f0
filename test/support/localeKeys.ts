/** The dotted keys of a locale tree, as the tests compare them. */
export type Tree = { [key: string]: string | Tree };

/** Flattens to dotted keys; plural forms count as one key (Indonesian has only `_other`). */
export function keysOf(tree: Tree, prefix = ''): Set<string> {
  const keys = new Set<string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') keys.add(path.replace(/_(zero|one|two|few|many|other)$/, ''));
    else for (const k of keysOf(value, path)) keys.add(k);
  }
  return keys;
}


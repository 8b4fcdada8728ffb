/** A value in a form-encoded Stripe request: nested objects and arrays, leaves are strings. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };

/**
 * Parses `application/x-www-form-urlencoded` the way Stripe reads it: `a[b][0][c]=x` becomes
 * `{a: {b: [{c: 'x'}]}}`. Numeric segments make arrays; mixing kinds under one key is refused.
 */
export function parseStripeForm(body: string): Record<string, FormValue> {
  const root: Record<string, FormValue> = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    if (!match?.[1]) throw new FormError(`Invalid parameter name: ${rawKey}`);
    const path = [match[1], ...[...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '')];
    let node: Record<string, FormValue> | FormValue[] = root;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i] ?? '';
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(path[i + 1] ?? '');
      const container = node as Record<string, FormValue>;
      if (last) {
        if (container[segment] !== undefined) throw new FormError(`Duplicate parameter: ${rawKey}`);
        container[segment] = value;
      } else {
        const existing = container[segment];
        if (existing === undefined) container[segment] = nextIsIndex ? [] : {};
        else if (typeof existing === 'string' || Array.isArray(existing) !== nextIsIndex) throw new FormError(`Invalid parameter structure: ${rawKey}`);
        node = container[segment] as Record<string, FormValue> | FormValue[];
      }
    }
  }
  return root;
}

export class FormError extends Error {}

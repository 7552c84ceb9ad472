// The jCal (RFC 7265) shapes ical.js serialises components to, for edits done on the plain data.

/** `[name, params, type, ...values]`. */
export type JCalProperty = [string, Record<string, string | string[]>, string, ...unknown[]];

/** `[name, properties, components]`. */
export type JCalComponent = [string, JCalProperty[], JCalComponent[]];

/** Calls `visit` for every property of `component` and its subcomponents, with the component holding it. */
export function eachProperty(component: JCalComponent, visit: (property: JCalProperty, owner: JCalComponent) => void): void {
  for (const property of component[1]) visit(property, component);
  for (const child of component[2]) eachProperty(child, visit);
}

/** The TZID parameter of a property, if it has one. */
export function tzidOf(property: JCalProperty): string | undefined {
  const tzid = property[1].tzid;
  return Array.isArray(tzid) ? tzid[0] : tzid;
}

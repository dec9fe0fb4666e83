/** A tiny element builder: the page needs no framework, only elements with attributes and children. */
type Child = Node | string | number | undefined | false;

export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> & { onclick?: never } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  append(element, children);
  return element;
};

const svgNamespace = 'http://www.w3.org/2000/svg';

export const svg = (tag: string, attributes: Record<string, string | number>, ...children: Child[]): SVGElement => {
  const element = document.createElementNS(svgNamespace, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  append(element, children);
  return element;
};

const append = (element: Element, children: Child[]) => {
  for (const child of children) {
    if (child === undefined || child === false) continue;
    element.append(typeof child === 'number' ? String(child) : child);
  }
};

/** Replaces what `container` shows, only when the data it shows changed (keeps focus and scroll otherwise). */
export const show = (container: HTMLElement, data: unknown, render: () => Child[]): void => {
  const key = JSON.stringify(data);
  if (container.dataset['shown'] === key) return;
  container.dataset['shown'] = key;
  container.replaceChildren();
  append(container, render());
};

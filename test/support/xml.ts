export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A strict little XML reader, enough for SVG: every tag closes in order, attribute values are
 * quoted, `&` only starts an entity and `<` never appears in text. Throws on anything else.
 */
export function parseXml(xml: string): XmlElement {
  const token = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const entity = /&(?!(?:amp|lt|gt|quot|apos|#\d+);)/;
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const open: XmlElement[] = [root];
  while (token.lastIndex < xml.length) {
    const at = token.lastIndex;
    const m = token.exec(xml);
    if (!m) throw new Error(`not well-formed at ${at}: ${xml.slice(at, at + 60)}`);
    const [, closing, name, attrs, selfClosing, text] = m;
    const current = open.at(-1)!;
    if (text !== undefined) {
      if (entity.test(text)) throw new Error(`bare & in text at ${at}`);
      current.text += text;
    } else if (closing) {
      if (current.name !== name) throw new Error(`</${name}> closes <${current.name}> at ${at}`);
      open.pop();
    } else {
      const attributes: Record<string, string> = {};
      for (const [, key, value] of attrs.matchAll(/([\w:.-]+)="([^"]*)"/g)) {
        if (entity.test(value)) throw new Error(`bare & in attribute ${key} at ${at}`);
        if (key in attributes) throw new Error(`duplicate attribute ${key} at ${at}`);
        attributes[key] = value;
      }
      const element: XmlElement = { name, attributes, children: [], text: '' };
      current.children.push(element);
      if (!selfClosing) open.push(element);
    }
  }
  if (open.length !== 1) throw new Error(`<${open.at(-1)!.name}> is never closed`);
  if (root.children.length !== 1 || root.text.trim() !== '') throw new Error('a document has exactly one root element');
  return root.children[0];
}

export function findAll(element: XmlElement, test: (e: XmlElement) => boolean): XmlElement[] {
  return [...(test(element) ? [element] : []), ...element.children.flatMap((c) => findAll(c, test))];
}

export const textOf = (e: XmlElement): string => e.text + e.children.map(textOf).join('');

/**
 * One-line text for CDP remote objects that are not tensors, as VS Code's JavaScript
 * debugger shows them: strings quoted, arrays as `[256, 1024]`, objects as `{a: 1, b: 'x'}`
 * (prefixed by their class when not plain), functions as `ƒ name(args)`.
 */
import type { Protocol } from 'devtools-protocol';

type RemoteObject = Protocol.Runtime.RemoteObject;
type ObjectPreview = Protocol.Runtime.ObjectPreview;
type PropertyPreview = Protocol.Runtime.PropertyPreview;

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function previewValue(property: PropertyPreview): string {
  if (property.valuePreview) return previewText(property.valuePreview);
  if (property.type === 'string') return quote(property.value ?? '');
  if (property.type === 'function') return 'ƒ';
  return property.value ?? property.type;
}

function previewText(preview: ObjectPreview): string {
  const more = preview.overflow ? ', …' : '';
  if (preview.subtype === 'array' || preview.subtype === 'typedarray') {
    const items = preview.properties.filter((p) => /^\d+$/.test(p.name)).map(previewValue);
    const prefix = preview.subtype === 'typedarray' ? `${preview.description ?? ''} ` : '';
    return `${prefix}[${items.join(', ')}${more}]`;
  }
  if (preview.subtype === 'map' || preview.subtype === 'set') {
    const entries = (preview.entries ?? []).map((entry) => (entry.key ? `${previewText(entry.key)} => ${previewText(entry.value)}` : previewText(entry.value)));
    return `${preview.description ?? ''} {${entries.join(', ')}${more}}`;
  }
  if (preview.type !== 'object') return preview.description ?? preview.type;
  const props = preview.properties.map((p) => `${p.name}: ${previewValue(p)}`);
  const className = preview.description && preview.description !== 'Object' ? `${preview.description} ` : '';
  return `${className}{${props.join(', ')}${more}}`;
}

function functionText(object: RemoteObject): string {
  const source = object.description ?? '';
  const signature = /^(?:async\s+)?(?:function\s*\*?\s*([\w$]*)\s*(\([^)]*\))|([\w$]+)\s*(\([^)]*\)))/.exec(source);
  if (signature) return `ƒ ${signature[1] ?? signature[3] ?? ''}${signature[2] ?? signature[4] ?? '()'}`;
  return source.includes('=>') ? `ƒ ${source.slice(0, source.indexOf('=>')).trim()} => …` : 'ƒ';
}

/** The one-line text of a remote object that is not a tensor. */
export function describeRemoteObject(object: RemoteObject): string {
  switch (object.type) {
    case 'string':
      return quote(String(object.value));
    case 'undefined':
      return 'undefined';
    case 'bigint':
      return object.unserializableValue ?? `${String(object.value)}n`;
    case 'number':
      return object.unserializableValue ?? String(object.value);
    case 'boolean':
      return String(object.value);
    case 'symbol':
      return object.description ?? 'Symbol()';
    case 'function':
      return functionText(object);
    case 'object':
      if (object.subtype === 'null') return 'null';
      if (object.preview) return previewText(object.preview);
      if (object.value !== undefined) return JSON.stringify(object.value);
      return object.description ?? object.className ?? 'Object';
  }
  return object.description ?? String(object.value);
}

/** Whether a remote object has properties to expand. */
export function isExpandable(object: RemoteObject): boolean {
  return (object.type === 'object' && object.subtype !== 'null' && object.objectId !== undefined) || object.type === 'function';
}

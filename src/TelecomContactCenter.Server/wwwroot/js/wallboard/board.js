// What the wallboard's modules share: the element lookup, the table cell and the labels every card uses.
import { text } from "../session.js";
import { label } from "../i18n.js";

export const $ = id => document.getElementById(id);

export function cell(row, value, className) {
  const td = text("td", value, className);
  // A value cut to fit its column reads whole on hover.
  td.title = value;
  row.append(td);
  return td;
}

export function percent(value) {
  return value === null || value === undefined ? "–" : `${value}%`;
}

export function tierLabel(tier) {
  return label("tier", tier);
}

export function queueLabel(queue) {
  return label("wbQueue", queue);
}

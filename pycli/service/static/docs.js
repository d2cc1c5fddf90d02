/* Lists /openapi.json: each path, its method, its summary and the fields of its body (all as text). */
"use strict";

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

async function start() {
  const described = await (await fetch("/openapi.json")).json();
  const box = document.getElementById("paths");
  for (const [path, methods] of Object.entries(described.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const part = el("section");
      const head = el("h2");
      head.append(el("code", `${method.toUpperCase()} ${path}`), " ", op.summary || "");
      part.append(head);
      const body = op.requestBody && op.requestBody.content["application/json"].schema;
      if (body && body.properties) {
        const list = el("ul");
        for (const [name, spec] of Object.entries(body.properties)) {
          const item = el("li");
          item.append(el("code", name), " ", spec.description || (spec.$ref ? "see components: " + spec.$ref.split("/").pop() : ""));
          list.append(item);
        }
        part.append(list);
      }
      box.append(part);
    }
  }
}

document.addEventListener("DOMContentLoaded", () => start());

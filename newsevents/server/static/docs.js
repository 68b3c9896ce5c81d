// Renders /openapi.json as a page (the API docs, from the package; nothing from a CDN).
"use strict";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children.flat()) if (c !== null && c !== undefined) node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function typeOf(schema) {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.anyOf) return schema.anyOf.map(typeOf).filter((t) => t !== "null").join(" | ");
  if (schema.enum) return schema.enum.join(" | ");
  if (schema.type === "array") return typeOf(schema.items) + "[]";
  const bounds = ["minimum", "maximum"].filter((k) => k in schema).map((k) => k.slice(0, 3) + " " + schema[k]);
  return (schema.format || schema.type || "") + (bounds.length ? " (" + bounds.join(", ") + ")" : "");
}

document.addEventListener("DOMContentLoaded", async () => {
  const main = document.getElementById("api-docs");
  const spec = await (await fetch("/openapi.json")).json();
  main.replaceChildren(el("p", {}, spec.info.summary || spec.info.title, " — version " + spec.info.version));
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const sec = el("section", { class: "endpoint" }, el("h2", {}, el("span", { class: "api-path" }, method.toUpperCase() + " " + path)),
        el("p", {}, op.description || op.summary || ""));
      const params = op.parameters || [];
      if (params.length) {
        sec.appendChild(el("div", { class: "table-wrap" }, el("table", {},
          el("thead", {}, el("tr", {}, ["name", "in", "type", "default", "description"].map((h) => el("th", {}, h)))),
          el("tbody", {}, params.map((p) => el("tr", {}, el("td", {}, p.name + (p.required ? " *" : "")), el("td", {}, p.in),
            el("td", {}, typeOf(p.schema)), el("td", {}, p.schema && "default" in p.schema ? JSON.stringify(p.schema.default) : ""),
            el("td", {}, p.description || (p.schema && p.schema.description) || "")))))));
      }
      const body = op.requestBody && op.requestBody.content["application/json"];
      if (body) {
        const name = typeOf(body.schema);
        const schema = (spec.components.schemas || {})[name] || {};
        sec.appendChild(el("p", {}, "JSON body: " + name));
        sec.appendChild(el("ul", {}, Object.entries(schema.properties || {}).map(([k, v]) =>
          el("li", {}, k + ((schema.required || []).includes(k) ? " *" : "") + ": " + typeOf(v) + (v.description ? " — " + v.description : "")))));
      }
      main.appendChild(sec);
    }
  }
});

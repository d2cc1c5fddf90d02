/* The applicant editor of `policykb serve`, generated from the applicant JSON Schema (GET /schema),
   itself generated from kb/vocabulary.yaml.  Every text from a file or the server is put into the
   page as text (textContent, value), never as markup; the explanation is the server's own HTML,
   shown in a sandboxed frame. */
"use strict";

const WORDS = {
  en: {
    title: "policykb: support calculator", api: "API", example: "Shipped example", load: "Load",
    upload: "Or open a file (YAML or JSON)", new: "New applicant", as_of: "Evaluation date",
    horizon: "Horizon (years)", alternatives: "Next-best portfolios", submit: "Find the optimum",
    busy: "solving…", whatif: "What if…", field: "change field", value: "to", assumption: "switch a reading",
    reform: "under a reform", compare: "Re-solve and compare", add: "Add", remove: "Remove",
    none: "(none)", applicant: "Applicant", given: "(not given)", yes: "yes", no: "no",
    earlier_support: "Earlier support", name: "Name", district: "District", pilot_zone: "In the pilot zone",
    entity_type: "Kind of entity", independent_legal_person: "Independent legal person", sme: "SME",
    sectors: "Sectors", kind: "matters of kind",
  },
  zh: {
    title: "policykb：政策支持计算器", api: "接口", example: "示例申请", load: "载入",
    upload: "或打开文件（YAML 或 JSON）", new: "新申请", as_of: "评估日期",
    horizon: "计算年限", alternatives: "次优组合数", submit: "计算最优组合",
    busy: "求解中…", whatif: "假如……", field: "修改字段", value: "为", assumption: "切换解释假设",
    reform: "在改革方案下", compare: "重新求解并比较", add: "添加", remove: "删除",
    none: "（无）", applicant: "申请单位", given: "（未填）", yes: "是", no: "否",
    earlier_support: "已获支持", name: "名称", district: "注册区", pilot_zone: "位于先行区",
    entity_type: "主体类型", independent_legal_person: "独立法人", sme: "中小企业",
    sectors: "所属领域", kind: "事项类型",
  },
};

const state = { lang: "en", schema: null, applicant: {}, source: "applicant", examples: [], shown: false };
const $ = (id) => document.getElementById(id);
const say = (key) => WORDS[state.lang][key] || WORDS.en[key] || key;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

async function call(method, path, body) {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const reply = await fetch(path, options);
  const type = reply.headers.get("Content-Type") || "";
  const payload = type.startsWith("application/json") ? await reply.json() : await reply.text();
  if (!reply.ok) throw new Error(payload && payload.error ? payload.error : `HTTP ${reply.status}`);
  return payload;
}

function showError(message) {
  const box = $("error");
  box.textContent = message ? "policykb: " + message : "";
  box.hidden = !message;
}

/* --- reading and writing one field of the applicant ------------------------------------ */

function pathText(steps) {
  return steps.map((s, i) => (typeof s === "number" ? `[${s}]` : i ? "." + s : s)).join("");
}

function getAt(steps) {
  return steps.reduce((node, step) => (node == null ? undefined : node[step]), state.applicant);
}

function setAt(steps, value) {
  let node = state.applicant;
  for (const step of steps.slice(0, -1)) node = node[step];
  const last = steps[steps.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
}

function typed(spec, text) {
  if (text === "") return undefined;
  if (spec.type === "integer" && /^-?\d+$/.test(text)) return Number(text);
  if (spec.type === "boolean") return text === "true";
  return text; // anything else is sent as written: the server says what is wrong with it
}

function widget(spec, steps) {
  const path = pathText(steps);
  const current = getAt(steps);
  const words = spec.enum || (spec.items && spec.items.enum);
  if (spec.type === "array" && words) {
    const box = el("span", { class: "choices", "data-path": path });
    const chosen = new Set(current || []);
    for (const word of words) {
      const tick = el("input", { type: "checkbox", value: word, "data-path": `${path}=${word}` });
      tick.checked = chosen.has(word);
      tick.addEventListener("change", () => {
        const now = new Set(getAt(steps) || []);
        if (tick.checked) now.add(word); else now.delete(word);
        setAt(steps, now.size ? words.filter((w) => now.has(w)) : undefined);
      });
      box.append(el("label", {}, tick, " " + word));
    }
    return box;
  }
  if (words || spec.type === "boolean") {
    const select = el("select", { "data-path": path });
    select.append(el("option", { value: "", text: say("given") }));
    for (const word of words || ["true", "false"]) {
      const shown = spec.type === "boolean" ? say(word === "true" ? "yes" : "no") : word;
      select.append(el("option", { value: String(word), text: shown }));
    }
    select.value = current === undefined ? "" : String(current);
    select.addEventListener("change", () => setAt(steps, typed(spec, select.value)));
    return select;
  }
  const input = el("input", { "data-path": path, placeholder: spec.format === "date" ? "YYYY-MM-DD" : "" });
  input.value = current === undefined ? "" : String(current);
  input.addEventListener("change", () => setAt(steps, typed(spec, input.value.trim())));
  return input;
}

function field(label, spec, steps) {
  // A list of words (flags) takes the grid's whole width, its choices side by side.
  const wide = spec.type === "array" ? { class: "wide" } : {};
  return el("label", wide, el("code", { text: label }), widget(spec, steps));
}

/* --- the editor ---------------------------------------------------------------------------- */

function isList(spec) {
  return spec.type === "array" && spec.items && spec.items.type === "object";
}

function listEditor(name, spec) {
  const items = spec.items;
  const kind = (items.description || "").replace(/^A matter of kind (\w+)\.$/, "$1");
  const title = name === "earlier_support" ? say("earlier_support") : `${name} (${say("kind")} ${kind})`;
  const box = el("fieldset", { "data-list": name }, el("legend", { text: title }));
  const rows = state.applicant[name] || [];
  rows.forEach((_row, index) => {
    const grid = el("div", { class: "grid" });
    for (const [key, sub] of Object.entries(items.properties)) grid.append(field(key, sub, [name, index, key]));
    const drop = el("button", { type: "button", class: "remove", "data-remove": `${name}[${index}]`, text: say("remove") });
    drop.addEventListener("click", () => {
      state.applicant[name].splice(index, 1);
      if (!state.applicant[name].length) delete state.applicant[name];
      render();
    });
    box.append(el("div", { class: "matter" }, drop, grid));
  });
  const add = el("button", { type: "button", "data-add": name, text: `${say("add")}: ${kind || name}` });
  add.addEventListener("click", () => {
    const row = {};
    if (items.properties.id && name !== "earlier_support") row.id = `${kind}-${rows.length + 1}`;
    const types = items.properties.type && items.properties.type.enum;
    if (types) row.type = types[0];
    state.applicant[name] = [...rows, row];
    render();
  });
  box.append(add);
  return box;
}

function render() {
  const form = $("editor");
  form.replaceChildren();
  const props = state.schema.properties;
  const top = el("fieldset", {}, el("legend", { text: say("applicant") }));
  const grid = el("div", { class: "grid" });
  for (const [name, spec] of Object.entries(props)) {
    if (isList(spec) || name === "sectors" || name === "as_of" || name === "horizon") continue;
    grid.append(el("label", {}, el("span", { text: say(name) }), widget(spec, [name])));
  }
  top.append(grid, el("p", {}, el("span", { text: say("sectors") + ": " }), widget(props.sectors, ["sectors"])));
  form.append(top);
  for (const [name, spec] of Object.entries(props)) if (isList(spec)) form.append(listEditor(name, spec));
  $("opt-as-of").value = state.applicant.as_of || "";
  $("opt-horizon").value = state.applicant.horizon === undefined ? "" : String(state.applicant.horizon);
  fillWhatIfPaths();
}

/* --- running ---------------------------------------------------------------------------- */

function options() {
  const body = { applicant: state.applicant, source: state.source };
  const asOf = $("opt-as-of").value.trim();
  const horizon = $("opt-horizon").value.trim();
  if (asOf) body.as_of = asOf;
  if (horizon) body.horizon = /^\d+$/.test(horizon) ? Number(horizon) : horizon;
  return body;
}

async function submit() {
  showError("");
  $("busy").hidden = false;
  const frame = $("result");
  frame.removeAttribute("data-state");
  try {
    const alternatives = $("opt-alternatives").value.trim() || "0";
    const body = { ...options(), alternatives: /^\d+$/.test(alternatives) ? Number(alternatives) : alternatives };
    const html = await call("POST", `/explain?format=html&lang=${state.lang}`, body);
    frame.srcdoc = html;
    frame.hidden = false;
    frame.setAttribute("data-state", "done");
    $("whatif").hidden = false;
  } catch (error) {
    showError(error.message);
  } finally {
    $("busy").hidden = true;
  }
}

function leaves() {
  const paths = [];
  for (const [name, value] of Object.entries(state.applicant)) {
    if (Array.isArray(value) && value.length && typeof value[0] === "object") {
      value.forEach((row, i) => {
        for (const [key, item] of Object.entries(row)) if (typeof item !== "object") paths.push(`${name}[${i}].${key}`);
      });
    } else if (typeof value !== "object") paths.push(name);
  }
  for (const name of ["district", "pilot_zone", "sme", "horizon", "as_of"]) if (!paths.includes(name)) paths.push(name);
  return paths;
}

function fillWhatIfPaths() {
  const select = $("wi-path");
  select.replaceChildren(el("option", { value: "", text: say("none") }));
  for (const path of leaves()) select.append(el("option", { value: path, text: path }));
}

async function whatIf() {
  showError("");
  const body = options();
  const path = $("wi-path").value;
  if (path) body.sets = [`${path}=${$("wi-value").value.trim()}`];
  if ($("wi-assume").value) body.variant_assume = [$("wi-assume").value];
  if ($("wi-reform").value) body.reform = $("wi-reform").value;
  try {
    $("wi-result").textContent = await call("POST", "/whatif?format=text", body);
  } catch (error) {
    showError(error.message);
  }
}

async function loadExample() {
  showError("");
  try {
    const found = await call("GET", `/examples/${encodeURIComponent($("example").value)}`);
    state.applicant = found.applicant;
    state.source = found.file;
    render();
  } catch (error) {
    showError(error.message);
  }
}

function upload() {
  const file = $("upload").files[0];
  if (!file) return;
  const reader = new FileReader();
  reader.onload = async () => {
    showError("");
    const label = file.name.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^[^A-Za-z0-9]+/, "").slice(0, 100) || "upload";
    try {
      const checked = await call("POST", "/validate", { applicant_text: reader.result, source: label });
      state.applicant = checked.applicant;
      state.source = label;
      render();
    } catch (error) {
      showError(error.message);
    }
  };
  reader.readAsText(file);
}

function setLanguage(lang) {
  state.lang = lang === "zh" ? "zh" : "en";
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = say(node.dataset.t);
  if (state.schema) render();
}

async function start() {
  setLanguage(new URLSearchParams(location.search).get("lang") || "en");
  const [schema, shipped, readings, reforms] = await Promise.all([
    call("GET", "/schema"), call("GET", "/examples"), call("GET", "/assumptions"), call("GET", "/reforms")]);
  state.schema = schema;
  for (const name of shipped.examples) $("example").append(el("option", { value: name, text: name }));
  $("wi-assume").append(el("option", { value: "", text: say("none") }));
  for (const reading of readings.assumptions) {
    for (const value of reading.values) {
      if (value !== reading.default) $("wi-assume").append(el("option", { value: `${reading.name}=${value}`, text: `${reading.name}=${value}` }));
    }
  }
  $("wi-reform").append(el("option", { value: "", text: say("none") }));
  for (const reform of reforms.reforms) $("wi-reform").append(el("option", { value: reform.name, text: reform.title }));
  state.applicant = { district: schema.properties.district.enum[0], sectors: [] };
  render();
  $("load-example").addEventListener("click", loadExample);
  $("upload").addEventListener("change", upload);
  $("new").addEventListener("click", () => { state.applicant = { district: schema.properties.district.enum[0], sectors: [] }; state.source = "applicant"; render(); });
  $("submit").addEventListener("click", submit);
  $("wi-run").addEventListener("click", whatIf);
  for (const button of document.querySelectorAll("[data-lang]")) button.addEventListener("click", () => setLanguage(button.dataset.lang));
  document.body.setAttribute("data-ready", "yes");
}

document.addEventListener("DOMContentLoaded", () => start().catch((error) => showError(error.message)));

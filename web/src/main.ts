import { create } from "@bufbuild/protobuf";
import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { createOrderClient, session } from "./api";
import { describeFailure, type CallFailure } from "./errors";
import { LineItemSchema, OrderStatus, type Order } from "./gen/order/v1/order_pb";
import "./style.css";

const client = createOrderClient();

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) {
    throw new Error(`index.html has no #${id}`);
  }
  return found as T;
}

function cell(row: HTMLTableRowElement, text: string): HTMLTableCellElement {
  const td = row.insertCell();
  td.textContent = text;
  return td;
}

/** `OrderStatus.CONFIRMED` -> `confirmed`. */
const statusName = (status: OrderStatus) => (OrderStatus[status] ?? String(status)).toLowerCase();
const money = (amount: number) => amount.toFixed(2);
const when = (timestamp?: Timestamp) => (timestamp ? timestampDate(timestamp).toLocaleString() : "");

// ---- errors --------------------------------------------------------------------------------------------------

const errorBox = element<HTMLDivElement>("error");

function clearError(): void {
  errorBox.hidden = true;
  errorBox.replaceChildren();
  document.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
}

/** Shows a failed call: its status and message, each ErrorInfo, and each BadRequest field (marked on its input). */
function showError(error: unknown): void {
  const failure: CallFailure = describeFailure(error);
  clearError();
  const title = document.createElement("p");
  const code = document.createElement("strong");
  code.dataset.testid = "error-code";
  code.textContent = failure.code;
  const message = document.createElement("span");
  message.dataset.testid = "error-message";
  message.textContent = failure.message;
  title.append(code, " ", message);
  errorBox.append(title);
  for (const info of failure.infos) {
    const line = document.createElement("p");
    line.dataset.testid = "error-info";
    const metadata = info.metadata.map(([key, value]) => `${key}: ${value}`).join(", ");
    line.textContent = `${info.reason} (${info.domain})${metadata ? ` ${metadata}` : ""}`;
    errorBox.append(line);
  }
  if (failure.violations.length > 0) {
    const list = document.createElement("ul");
    list.dataset.testid = "error-violations";
    for (const { field, description } of failure.violations) {
      const item = document.createElement("li");
      item.dataset.field = field;
      const name = document.createElement("code");
      name.textContent = field;
      item.append(name, `: ${description}`);
      list.append(item);
      document.querySelector(`input[data-field="${CSS.escape(field)}"]`)?.setAttribute("aria-invalid", "true");
    }
    errorBox.append(list);
  }
  errorBox.hidden = false;
}

/** Runs one user action: clears the last error first, shows this one's. */
async function act(action: () => Promise<void>): Promise<void> {
  clearError();
  try {
    await action();
  } catch (error) {
    showError(error);
  }
}

// ---- sign in -------------------------------------------------------------------------------------------------

function showSignedIn(): void {
  const signedIn = session.token !== null;
  element("signin-form").hidden = signedIn;
  element("session").hidden = !signedIn;
  element("dashboard").hidden = !signedIn;
  if (signedIn) {
    void act(listOrders);
  } else {
    element("order-rows").replaceChildren();
    element("order-detail").hidden = true;
  }
}

element("signin-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = element<HTMLInputElement>("token");
  const token = input.value.trim();
  if (token) {
    session.signIn(token);
    input.value = "";
    showSignedIn();
  }
});

element("signout").addEventListener("click", () => {
  session.signOut();
  clearError();
  showSignedIn();
});

// ---- create --------------------------------------------------------------------------------------------------

const itemRows = element<HTMLTableSectionElement>("item-rows");

function addItemRow(productId = "", quantity = "1", unitPrice = ""): void {
  const index = itemRows.rows.length;
  const row = itemRows.insertRow();
  const inputs: [string, string, string, Partial<HTMLInputElement>][] = [
    ["product", "product_id", productId, { placeholder: "p-1" }],
    ["quantity", "quantity", quantity, { type: "number", step: "1" }],
    ["price", "unit_price", unitPrice, { type: "number", step: "0.01", placeholder: "9.99" }],
  ];
  for (const [name, field, value, attributes] of inputs) {
    const input = Object.assign(document.createElement("input"), attributes, { value, autocomplete: "off" });
    input.id = `item-${name}-${index}`;
    input.dataset.testid = `item-${name}-${index}`;
    input.dataset.field = `items[${index}].${field}`;
    row.insertCell().append(input);
  }
  const remove = Object.assign(document.createElement("button"), { type: "button", textContent: "Remove" });
  remove.addEventListener("click", () => {
    row.remove();
    renumberItemRows();
  });
  row.insertCell().append(remove);
}

/** Keeps ids and field names (`items[i].quantity`) matching the request's item indexes after a removal. */
function renumberItemRows(): void {
  Array.from(itemRows.rows).forEach((row, index) => {
    row.querySelectorAll("input").forEach((input) => {
      const name = input.id.replace(/^item-(\w+)-\d+$/, "$1");
      input.id = input.dataset.testid = `item-${name}-${index}`;
      input.dataset.field = input.dataset.field!.replace(/^items\[\d+\]/, `items[${index}]`);
    });
  });
}

element("add-item").addEventListener("click", () => addItemRow());

element("create-form").addEventListener("submit", (event) => {
  event.preventDefault();
  void act(async () => {
    const items = Array.from(itemRows.rows).map((row) => {
      const [product, quantity, price] = Array.from(row.querySelectorAll("input"));
      return create(LineItemSchema, {
        productId: product.value.trim(),
        quantity: Math.trunc(Number(quantity.value)),
        unitPrice: Number(price.value),
      });
    });
    const customerId = element<HTMLInputElement>("customer-id").value.trim();
    // A request id per submission: a retried submission of the same form is not a second order.
    const order = await client.createOrder({ customerId, items, requestId: crypto.randomUUID() });
    itemRows.replaceChildren();
    addItemRow();
    showOrder(order);
    await listOrders();
  });
});

// ---- list (server streaming) -----------------------------------------------------------------------------------

const orderRows = element<HTMLTableSectionElement>("order-rows");
const ordersState = element("orders-state");
let listing: AbortController | undefined;

function orderRow(order: Order): HTMLTableRowElement {
  const row = document.createElement("tr");
  row.dataset.testid = "order-row";
  row.dataset.orderId = order.id;
  const open = Object.assign(document.createElement("button"), { type: "button", textContent: order.id.slice(0, 8) });
  open.title = order.id;
  open.dataset.testid = "open-order";
  open.addEventListener("click", () => void act(() => openOrder(order.id)));
  row.insertCell().append(open);
  cell(row, order.customerId);
  cell(row, String(order.items.length));
  cell(row, money(order.total));
  cell(row, statusName(order.status)).dataset.testid = "order-status";
  cell(row, when(order.createdAt));
  return row;
}

/** Shows the caller's orders as ListOrders streams them: each row appears when its message arrives. */
async function listOrders(): Promise<void> {
  listing?.abort();
  const controller = (listing = new AbortController());
  const status = Number(element<HTMLSelectElement>("filter-status").value) as OrderStatus;
  orderRows.replaceChildren();
  ordersState.textContent = "loading…";
  let count = 0;
  try {
    for await (const order of client.listOrders({ status }, { signal: controller.signal })) {
      orderRows.append(orderRow(order));
      count++;
      const customer = element<HTMLInputElement>("customer-id");
      customer.value ||= order.customerId;
    }
    ordersState.textContent = `${count} order${count === 1 ? "" : "s"}`;
  } catch (error) {
    if (controller.signal.aborted) {
      return; // replaced by a newer listing
    }
    ordersState.textContent = "";
    throw error;
  }
}

element("list-form").addEventListener("submit", (event) => {
  event.preventDefault();
  void act(listOrders);
});

// ---- one order -----------------------------------------------------------------------------------------------

let shown: Order | undefined;

function showOrder(order: Order): void {
  shown = order;
  element("detail-id").textContent = order.id;
  element("detail-customer").textContent = order.customerId;
  element("detail-status").textContent = statusName(order.status);
  element("detail-total").textContent = money(order.total);
  element("detail-created").textContent = when(order.createdAt);
  element("detail-updated").textContent = when(order.updatedAt);
  const items = element<HTMLTableSectionElement>("detail-items");
  items.replaceChildren();
  for (const item of order.items) {
    const row = items.insertRow();
    cell(row, item.productId);
    cell(row, String(item.quantity));
    cell(row, money(item.unitPrice));
  }
  element("order-detail").hidden = false;
  orderRows.querySelector(`tr[data-order-id="${CSS.escape(order.id)}"]`)?.replaceWith(orderRow(order));
}

async function openOrder(id: string): Promise<void> {
  showOrder(await client.getOrder({ id }));
}

element("open-form").addEventListener("submit", (event) => {
  event.preventDefault();
  void act(() => openOrder(element<HTMLInputElement>("open-id").value.trim()));
});

element("status-form").addEventListener("submit", (event) => {
  event.preventDefault();
  void act(async () => {
    if (shown) {
      const status = Number(element<HTMLSelectElement>("new-status").value) as OrderStatus;
      showOrder(await client.updateOrderStatus({ id: shown.id, status }));
    }
  });
});

// ---- start ---------------------------------------------------------------------------------------------------

function fillStatuses(select: HTMLSelectElement, first?: string): void {
  if (first) {
    select.append(new Option(first, String(OrderStatus.UNSPECIFIED)));
  }
  for (const status of [OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.SHIPPED, OrderStatus.CANCELLED]) {
    select.append(new Option(statusName(status), String(status)));
  }
}

fillStatuses(element("filter-status"), "all");
fillStatuses(element("new-status"));
addItemRow();
showSignedIn();

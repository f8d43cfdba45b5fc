// The one place a new key is shown: once, with a Copy button, until the admin dismisses it.
import { byId } from "./dom.js";

export function showSecret(title, secret) {
  byId("secret-title").textContent = `${title} — shown once; copy it into the plugin page now.`;
  byId("secret-value").textContent = secret;
  byId("secret").hidden = false;
  byId("copy-secret").focus();
}

export function initSecretBox() {
  byId("copy-secret").addEventListener("click", async () => {
    const text = byId("secret-value").textContent;
    try {
      await navigator.clipboard.writeText(text);
      byId("copy-state").textContent = "Copied.";
    } catch {
      // No clipboard permission (http, or a locked-down browser): select it for Ctrl+C instead.
      getSelection().selectAllChildren(byId("secret-value"));
      byId("copy-state").textContent = "Selected: press Ctrl+C (or ⌘C) to copy.";
    }
  });
  byId("dismiss-secret").addEventListener("click", () => {
    byId("secret-value").textContent = "";
    byId("copy-state").textContent = "";
    byId("secret").hidden = true;
  });
}

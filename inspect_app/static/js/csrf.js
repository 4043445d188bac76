// Before a form posts, fetch a fresh CSRF token: a page left open while the login changed
// (logged out and in again in another tab) still saves what was typed.
"use strict";

(function () {
  const refreshUrl = document.querySelector('meta[name="csrf-refresh"]');
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (!refreshUrl) {
    return;
  }

  async function freshToken() {
    try {
      const response = await fetch(refreshUrl.content, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        cache: "no-store",
      });
      return response.ok ? (await response.json()).csrf_token : null;
    } catch (error) {
      return null; // offline: post with the token the page has
    }
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    const field = form.querySelector('input[name="csrf_token"]');
    if (!field || form.dataset.csrfFresh === "yes") {
      return;
    }
    event.preventDefault();
    const token = await freshToken();
    if (token) {
      field.value = token;
      if (meta) {
        meta.content = token;
      }
    }
    form.dataset.csrfFresh = "yes";
    form.requestSubmit(event.submitter);
    delete form.dataset.csrfFresh;
  });
})();

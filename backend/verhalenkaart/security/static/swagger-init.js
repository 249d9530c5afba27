// Starts Swagger UI for /api/v1/docs. A file of its own: the Content-Security-Policy allows no
// inline script. "Try it out" writes carry the CSRF token from GET /api/v1/auth/csrf.
(function () {
  "use strict";
  var container = document.getElementById("swagger-ui-container");
  var unsafe = { POST: true, PUT: true, PATCH: true, DELETE: true };

  function withCsrfToken(request) {
    if (!unsafe[String(request.method).toUpperCase()]) {
      return request;
    }
    return fetch(container.dataset.csrfUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        request.headers["X-CSRF-Token"] = body.csrf_token;
        return request;
      });
  }

  window.addEventListener("load", function () {
    window.ui = window.SwaggerUIBundle({
      url: container.dataset.specUrl,
      dom_id: "#swagger-ui-container",
      requestInterceptor: withCsrfToken,
    });
  });
})();

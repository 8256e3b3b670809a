// The API docs page: Swagger UI over this server's OpenAPI document (no inline script: CSP).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});

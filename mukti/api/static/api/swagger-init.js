// Starts the API reference (Swagger UI, served from django-ninja's static files): a file of its
// own, since the Content-Security-Policy runs no inline script.
const root = document.getElementById("swagger-ui");
SwaggerUIBundle({
  url: root.dataset.openapiUrl,
  dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  layout: "BaseLayout",
  deepLinking: true,
  persistAuthorization: false,
});

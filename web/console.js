// The API console at /docs: Swagger UI on the OpenAPI document, signing in with the
// authorization code flow and PKCE as the public app the page names (data-client-id).
window.addEventListener('load', function () {
  var root = document.getElementById('swagger-ui');
  var ui = SwaggerUIBundle({
    url: '/docs/openapi.yaml',
    dom_id: '#swagger-ui',
    deepLinking: false, // its anchors would sit inside the operations' buttons (axe: nested-interactive)
    oauth2RedirectUrl: window.location.origin + '/docs/oauth2-redirect.html',
  });
  ui.initOAuth({
    clientId: root.getAttribute('data-client-id'),
    usePkceWithAuthorizationCodeGrant: true,
    scopes: ['openid', 'profile', 'launch/patient', 'patient/Patient.read',
      'patient/Coverage.read', 'patient/ExplanationOfBenefit.read'],
  });
});

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

  // What Swagger UI's markup lacks for screen readers and keyboards, added as it renders:
  // a name for each parameter's inputs and selects (the parameter's), and a focusable
  // scrolling region for each code block.
  function label() {
    root.querySelectorAll('tr[data-param-name]').forEach(function (row) {
      var name = row.getAttribute('data-param-name');
      row.querySelectorAll('input, select, textarea').forEach(function (field) {
        if (!field.getAttribute('aria-label') && !(field.id && root.querySelector('label[for="' + field.id + '"]')))
          field.setAttribute('aria-label', name);
      });
    });
    root.querySelectorAll('pre, .microlight').forEach(function (block) {
      if (!block.hasAttribute('tabindex')) block.setAttribute('tabindex', '0');
    });
  }
  new MutationObserver(label).observe(root, { childList: true, subtree: true });
});

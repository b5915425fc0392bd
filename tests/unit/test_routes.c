/* Tests of http/routes.c: templates match one segment per "{name}", the final '/' is
 * optional, HEAD goes with GET, and the Allow list follows the route. */
#include "testutil.h"

#include "http/routes.h"

static void test_find(void **state)
{
	(void)state;
	static const struct {
		const char *path, *want;
	} cases[] = {
	    {"/", "/"},
	    {"/v2/o/token", "/v2/o/token/"},
	    {"/v2/o/token/", "/v2/o/token/"},
	    {"/v2/o/authorize", "/v2/o/authorize/"},
	    {"/v2/o/authorize/abc/", "/v2/o/authorize/{request}/"},
	    {"/v2/o/authorize/abc", "/v2/o/authorize/{request}/"},
	    {"/v2/fhir/Patient/-1", "/v2/fhir/Patient/{id}"},
	    {"/v2/fhir/Patient/-1/", "/v2/fhir/Patient/{id}"},
	    {"/v2/fhir/Patient", "/v2/fhir/Patient"},
	    {"/v2/o/expire_authenticated_user/-5/", "/v2/o/expire_authenticated_user/{patient}/"},
	    {"/docs/openapi.yaml", "/docs/openapi.yaml"},
	    {"/docs/console.js", "/docs/{asset}"},
	    {"/v2/fhir/Patient/1/2", NULL},
	    {"/v2/fhir/Claim", NULL},
	    {"/v2/o/authorize//", NULL},
	    {"/v2/o/tokenx", NULL},
	    {"//", NULL},
	    {"", NULL},
	    {"/docs/a/b", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct http_route *r = http_route_find(cases[i].path);
		if (cases[i].want == NULL) {
			if (r != NULL)
				fail_msg("%s: routed as %s", cases[i].path, r->path);
		} else if (r == NULL || strcmp(r->path, cases[i].want) != 0)
			fail_msg("%s: %s, want %s", cases[i].path, r ? r->path : "no route",
			         cases[i].want);
	}
}

static void test_methods(void **state)
{
	(void)state;
	const struct http_route *token = http_route_find("/v2/o/token/"),
	                        *login = http_route_find("/mymedicare/login"),
	                        *eob = http_route_find("/v2/fhir/ExplanationOfBenefit");
	assert_true(http_route_allows(token, "POST"));
	assert_false(http_route_allows(token, "GET"));
	assert_false(http_route_allows(token, "HEAD"));
	assert_false(http_route_allows(token, "POS"));
	assert_true(http_route_allows(login, "GET") && http_route_allows(login, "HEAD") &&
	            http_route_allows(login, "POST"));
	assert_true(http_route_allows(eob, "HEAD"));
	assert_false(http_route_allows(eob, "DELETE"));
	char allow[64];
	http_route_allow(login, allow, sizeof allow);
	assert_string_equal(allow, "GET, HEAD, POST");
	http_route_allow(token, allow, sizeof allow);
	assert_string_equal(allow, "POST");
	char tiny[8];
	http_route_allow(login, tiny, sizeof tiny); /* cut, never overrun */
	assert_string_equal(tiny, "GET, HE");
}

/* Every route's template routes to itself (no route hides another). */
static void test_table(void **state)
{
	(void)state;
	assert_true(http_route_count > 20);
	for (int i = 0; i < http_route_count; i++) {
		const struct http_route *r = http_route_find(http_routes[i].path);
		assert_ptr_equal(r, &http_routes[i]);
		assert_true(http_routes[i].path[0] == '/');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_find),
	                                   cmocka_unit_test(test_methods),
	                                   cmocka_unit_test(test_table)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Tests of web/page.c and web/text.c: the escaping template helper, the layout, the choice
 * of language, and the catalogues (every message in every language). */
#include "testutil.h"

#include "web/page.h"

static void test_put(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	web_put(&b, "<p title=\"{}\">{} {n} {html}</p>", "a\"b", "<script>&'", 42L, "<b>ok</b>");
	assert_string_equal(buf_cstr(&b),
	                    "<p title=\"a&quot;b\">&lt;script&gt;&amp;&#39; 42 <b>ok</b></p>");
	buf_reset(&b);
	web_put(&b, "{x} {} {", NULL); /* other braces as they are; NULL as nothing */
	assert_string_equal(buf_cstr(&b), "{x}  {");
	buf_reset(&b);
	web_csrf_field(&b, "t<k");
	assert_string_equal(buf_cstr(&b), "<input type=\"hidden\" name=\"csrf\" value=\"t&lt;k\">");
	buf_free(&b);
}

static const char *header(const struct http_response *res, const char *name)
{
	for (int i = 0; i < res->nheaders; i++)
		if (strcasecmp(res->header_name[i], name) == 0)
			return res->header_value[i];
	return NULL;
}

static void test_page(void **state)
{
	(void)state;
	struct http_response res = {0};
	web_page_begin(&res, 201, WEB_ES, "Título <1>");
	web_page_put(&res, "<p>{}</p>", "x&y");
	web_page_end(&res, WEB_ES);
	const char *html = buf_cstr(&res.body);
	assert_int_equal(res.status, 201);
	assert_string_equal(res.content_type, "text/html; charset=utf-8");
	assert_non_null(strstr(header(&res, "Content-Security-Policy"), "frame-ancestors 'none'"));
	assert_string_equal(header(&res, "Cache-Control"), "no-store");
	assert_string_equal(header(&res, "Content-Language"), "es");
	assert_int_equal(strncmp(html, "<!doctype html><html lang=\"es\">", 31), 0);
	assert_non_null(strstr(html, "<title>Título &lt;1&gt; — Blue Button 2.0</title>"));
	assert_non_null(strstr(html, "<h1>Título &lt;1&gt;</h1><p>x&amp;y</p>"));
	assert_non_null(strstr(html, "Saltar al contenido"));
	assert_non_null(strstr(html, "<link rel=\"stylesheet\" href=\"" WEB_STYLESHEET "\">"));
	assert_non_null(strstr(html, "</footer></body></html>"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "style="));
	buf_free(&res.body);
	for (int i = 0; i < res.nheaders; i++) {
		free(res.header_name[i]);
		free(res.header_value[i]);
	}
	struct http_response css = {0};
	assert_false(web_static("/static/other.css", &css));
	assert_true(web_static(WEB_STYLESHEET, &css));
	assert_non_null(strstr(buf_cstr(&css.body), "body{"));
	buf_free(&css.body);
	for (int i = 0; i < css.nheaders; i++) {
		free(css.header_name[i]);
		free(css.header_value[i]);
	}
}

static void test_lang(void **state)
{
	(void)state;
	assert_int_equal(web_lang_pick(NULL, NULL, NULL), WEB_EN);
	assert_int_equal(web_lang_pick("es", NULL, "en-US"), WEB_ES);
	assert_int_equal(web_lang_pick("en", "bb_lang=es", "es"), WEB_EN);
	assert_int_equal(web_lang_pick("fr", NULL, "es-MX,es;q=0.9"), WEB_ES);
	assert_int_equal(web_lang_pick(NULL, "a=1; bb_lang=es; b=2", "en"), WEB_ES);
	assert_int_equal(web_lang_pick(NULL, "bb_lang=xx", "es-419"), WEB_ES);
	assert_int_equal(web_lang_pick(NULL, NULL, "fr-CA, fr;q=0.8, es;q=0.5, en;q=0.3"), WEB_ES);
	assert_int_equal(web_lang_pick(NULL, NULL, "es;q=0, en"), WEB_EN);
	assert_int_equal(web_lang_pick(NULL, NULL, "es;q=0.000, en"), WEB_EN);
	assert_int_equal(web_lang_pick(NULL, NULL, "es;q=0.01"), WEB_ES);
	assert_int_equal(web_lang_pick(NULL, NULL, "de, fr"), WEB_EN);
	assert_int_equal(web_lang_pick(NULL, NULL, "estonian"), WEB_EN); /* not a tag "es" */
	assert_string_equal(web_lang_code(WEB_ES), "es");
	assert_string_equal(web_lang_code(WEB_EN), "en");
}

/* Every message has its words in every language, and a template's "{}"s are the same in
 * each. */
static void test_catalogues(void **state)
{
	(void)state;
	for (int m = 0; m < WEB_MSGS; m++) {
		if (web_text_en[m] == NULL || web_text_es[m] == NULL)
			fail_msg("message %d lacks %s", m, web_text_en[m] ? "Spanish" : "English");
		int en = 0, es = 0;
		for (const char *p = web_text_en[m]; (p = strstr(p, "{}")); p += 2)
			en++;
		for (const char *p = web_text_es[m]; (p = strstr(p, "{}")); p += 2)
			es++;
		assert_int_equal(en, es);
		assert_null(strchr(web_text_en[m], '<'));
		assert_null(strchr(web_text_es[m], '<'));
	}
	assert_string_equal(web_text(WEB_ES, T_ALLOW), "Permitir");
	assert_string_equal(web_text(WEB_EN, T_ALLOW), "Allow");
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_put), cmocka_unit_test(test_page),
	                                   cmocka_unit_test(test_lang),
	                                   cmocka_unit_test(test_catalogues)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

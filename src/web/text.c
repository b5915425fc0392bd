#include "web/text.h"

#include <stddef.h>
#include <string.h>

const char *web_text(enum web_lang lang, enum web_msg m)
{
	const char *t = lang == WEB_ES ? web_text_es[m] : NULL;
	return t ? t : web_text_en[m];
}

const char *web_lang_code(enum web_lang lang)
{
	return lang == WEB_ES ? "es" : "en";
}

int web_scope_msg(const char *scope, size_t n)
{
	if (n > 16 && strncmp(scope, "patient/Patient.", 16) == 0)
		return T_SCOPE_PATIENT;
	if (n > 17 && strncmp(scope, "patient/Coverage.", 17) == 0)
		return T_SCOPE_COVERAGE;
	if (n > 29 && strncmp(scope, "patient/ExplanationOfBenefit.", 29) == 0)
		return T_SCOPE_EOB;
	if (n == 7 && strncmp(scope, "profile", 7) == 0)
		return T_SCOPE_PROFILE;
	return -1;
}

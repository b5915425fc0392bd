#include "web/text.h"

#include <stddef.h>

const char *web_text(enum web_lang lang, enum web_msg m)
{
	const char *t = lang == WEB_ES ? web_text_es[m] : NULL;
	return t ? t : web_text_en[m];
}

const char *web_lang_code(enum web_lang lang)
{
	return lang == WEB_ES ? "es" : "en";
}

/* text: the words of the pages people read, one catalogue per language (web/text_en.c,
 * web/text_es.c), looked up by message. A message missing from a catalogue falls back to
 * English (the tests check that none is missing). */
#ifndef BB_WEB_TEXT_H
#define BB_WEB_TEXT_H

#include <stddef.h>

enum web_lang { WEB_EN, WEB_ES, WEB_LANGS };

enum web_msg {
	/* The layout. */
	T_SITE_NAME,
	T_SKIP,
	T_NAV_HOME,
	T_NAV_DEVELOPERS,
	T_NAV_DOCS,
	T_NAV_CONNECTED_APPS,
	T_FOOTER,
	/* Errors. */
	T_BAD_REQUEST,
	T_FORBIDDEN,
	T_FORM_EXPIRED,
	T_UNAVAILABLE,
	T_UNAVAILABLE_TEXT,
	T_NOT_FOUND,
	T_NOT_FOUND_TEXT,
	/* The beneficiaries' log-in. */
	T_LOGIN_TITLE,
	T_LOGIN_SANDBOX,
	T_USERNAME,
	T_PASSWORD,
	T_LOGIN_SUBMIT,
	T_LOGIN_FAILED,
	T_THROTTLED_TITLE,
	T_THROTTLED,
	/* The consent. */
	T_CONSENT_TITLE,
	T_CONSENT_ASKS,
	T_SCOPE_PATIENT,
	T_SCOPE_COVERAGE,
	T_SCOPE_EOB,
	T_SCOPE_PROFILE,
	T_SHARE_PERSONAL,
	T_ALLOW,
	T_DENY,
	T_APP_INACTIVE_TITLE,
	T_APP_INACTIVE,
	/* The connected apps. */
	T_DASH_TITLE,
	T_DASH_INTRO,
	T_DASH_NONE,
	T_DASH_CAN_SEE,
	T_DASH_CONNECTED,
	T_DASH_EXPIRES,
	T_DASH_NO_END,
	T_DASH_LAST,
	T_DASH_NEVER,
	T_DISCONNECT,
	T_DISCONNECT_TITLE,
	T_DISCONNECT_TEXT,
	T_DISCONNECT_YES,
	T_CANCEL,
	T_DISCONNECTED,
	T_LOGOUT,
	T_LOGGED_IN_AS,
	/* Production. */
	T_APP_NOT_APPROVED,
	T_NO_SANDBOX_LOGIN,
	WEB_MSGS
};

extern const char *const web_text_en[WEB_MSGS];
extern const char *const web_text_es[WEB_MSGS];

/* The message in the language (English where the catalogue lacks it). */
const char *web_text(enum web_lang lang, enum web_msg m);
/* The plain words for a scope (n bytes of scope): a message, or -1 for scopes shown in none
 * (openid, launch/patient). */
int web_scope_msg(const char *scope, size_t n);
/* The language's code ("en", "es"). */
const char *web_lang_code(enum web_lang lang);

#endif

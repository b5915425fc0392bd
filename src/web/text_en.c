/* The pages' words in English. "{}" marks where a value goes (see web_put). */
#include "web/text.h"

const char *const web_text_en[WEB_MSGS] = {
    [T_SITE_NAME] = "Blue Button 2.0",
    [T_SKIP] = "Skip to the content",
    [T_NAV_HOME] = "Home",
    [T_NAV_DEVELOPERS] = "Developers",
    [T_NAV_DOCS] = "API documentation",
    [T_NAV_CONNECTED_APPS] = "Your connected apps",
    [T_FOOTER] = "Medicare claims data for the apps you choose, through the Blue Button 2.0 "
                 "API (OAuth 2.0 and HL7 FHIR R4).",
    [T_BAD_REQUEST] = "Bad request",
    [T_FORBIDDEN] = "Forbidden",
    [T_FORM_EXPIRED] = "The form has expired. Please go back and try again.",
    [T_UNAVAILABLE] = "Unavailable",
    [T_UNAVAILABLE_TEXT] = "The service cannot be reached. Please try again later.",
    [T_NOT_FOUND] = "Not found",
    [T_NOT_FOUND_TEXT] = "There is no page at this address.",
    [T_LOGIN_TITLE] = "Log in to Medicare",
    [T_LOGIN_SANDBOX] = "Sandbox: synthetic beneficiaries log in as BBUser00000 with PW00000! "
                        "(and so on).",
    [T_USERNAME] = "Username",
    [T_PASSWORD] = "Password",
    [T_LOGIN_SUBMIT] = "Log in",
    [T_LOGIN_FAILED] = "The username or password is not correct.",
    [T_THROTTLED_TITLE] = "Too many attempts",
    [T_THROTTLED] = "Too many failed log-ins. Please wait a while and try again.",
    [T_CONSENT_TITLE] = "Share your Medicare data?",
    [T_CONSENT_ASKS] = "asks to see:",
    [T_SCOPE_PATIENT] = "Your personal information: name, date of birth, sex, race, address",
    [T_SCOPE_COVERAGE] = "Your Medicare coverage: parts A, B, C and D",
    [T_SCOPE_EOB] = "Your Medicare claims: doctor visits, hospital stays, prescriptions",
    [T_SCOPE_PROFILE] = "Your name and account details",
    [T_SHARE_PERSONAL] = "Share my personal information (name, date of birth, address)",
    [T_ALLOW] = "Allow",
    [T_DENY] = "Deny",
    [T_APP_INACTIVE_TITLE] = "Application inactive",
    [T_APP_INACTIVE] = "This application, {}, is temporarily inactive. If you are a Medicare "
                       "beneficiary and need assistance, please contact the support team for "
                       "the application you are trying to access.",
};

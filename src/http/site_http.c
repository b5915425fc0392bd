#include "http/site_http.h"

#include "web/page.h"

/* The landing page: what the API is, for each of the four audiences. */
static void landing(struct http_response *res)
{
	web_page_begin(res, 200, WEB_EN,
	               "Blue Button 2.0: Medicare claims data for the apps you choose");
	web_page_put(
	    res,
	    "<p>Blue Button 2.0 is an API that lets people with Medicare connect their claims "
	    "data to the applications, services and research programs they trust. Apps ask "
	    "through OAuth 2.0 (SMART App Launch); the data are Medicare Parts A, B and D claims "
	    "as HL7 FHIR R4 resources (the CARIN Blue Button profiles): Patient, Coverage and "
	    "ExplanationOfBenefit.</p>"
	    "<div class=\"cards\">"
	    "<section class=\"card\" aria-labelledby=\"benes\"><h2 id=\"benes\">People with "
	    "Medicare</h2><p>Choose which apps may see your claims, whether they see your "
	    "personal information, and disconnect them whenever you like.</p>"
	    "<p><a href=\"/mymedicare/connected-apps\">See your connected apps</a></p></section>"
	    "<section class=\"card\" aria-labelledby=\"devs\"><h2 id=\"devs\">Developers</h2>"
	    "<p>Register an app, get its client id and secret, and build against synthetic "
	    "beneficiaries (BBUser00000 / PW00000! and on) with realistic Medicare claims.</p>"
	    "<p><a href=\"/developer/signup\">Create a developer account</a> · "
	    "<a href=\"/docs\">Try the API now</a></p></section>"
	    "<section class=\"card\" aria-labelledby=\"companies\"><h2 id=\"companies\">"
	    "Companies</h2><p>When your app works in the sandbox, agree to the Terms of Use and "
	    "ask for production access; an operator reviews and approves it.</p>"
	    "<p><a href=\"/developer/\">Your apps</a></p></section>"
	    "<section class=\"card\" aria-labelledby=\"research\"><h2 id=\"research\">"
	    "Researchers</h2><p>Sync for Science: research studies get long-lived grants and "
	    "refresh tokens, so that data keep flowing without asking participants again.</p>"
	    "<p><a href=\"/docs\">The research data access type</a></p></section>"
	    "</div>");
	web_page_end(res, WEB_EN);
}

void site_http_handle(const struct http_request *req, struct http_response *res)
{
	(void)req; /* the route table lets only GET and HEAD of / through */
	landing(res);
}

/* The pages' words in Spanish. "{}" marks where a value goes (see web_put). */
#include "web/text.h"

const char *const web_text_es[WEB_MSGS] = {
    [T_SITE_NAME] = "Blue Button 2.0",
    [T_SKIP] = "Saltar al contenido",
    [T_NAV_HOME] = "Inicio",
    [T_NAV_DEVELOPERS] = "Desarrolladores",
    [T_NAV_DOCS] = "Documentación de la API",
    [T_NAV_CONNECTED_APPS] = "Sus aplicaciones conectadas",
    [T_FOOTER] = "Los datos de sus reclamaciones de Medicare para las aplicaciones que usted "
                 "elija, mediante la API Blue Button 2.0 (OAuth 2.0 y HL7 FHIR R4).",
    [T_BAD_REQUEST] = "Solicitud incorrecta",
    [T_FORBIDDEN] = "Prohibido",
    [T_FORM_EXPIRED] = "El formulario ha caducado. Regrese e inténtelo de nuevo.",
    [T_UNAVAILABLE] = "No disponible",
    [T_UNAVAILABLE_TEXT] = "No se puede acceder al servicio. Inténtelo de nuevo más tarde.",
    [T_NOT_FOUND] = "No encontrado",
    [T_NOT_FOUND_TEXT] = "No hay ninguna página en esta dirección.",
    [T_LOGIN_TITLE] = "Inicie sesión en Medicare",
    [T_LOGIN_SANDBOX] = "Entorno de pruebas: los beneficiarios sintéticos inician sesión como "
                        "BBUser00000 con PW00000! (y así sucesivamente).",
    [T_USERNAME] = "Nombre de usuario",
    [T_PASSWORD] = "Contraseña",
    [T_LOGIN_SUBMIT] = "Iniciar sesión",
    [T_LOGIN_FAILED] = "El nombre de usuario o la contraseña no son correctos.",
    [T_THROTTLED_TITLE] = "Demasiados intentos",
    [T_THROTTLED] = "Demasiados intentos fallidos. Espere un rato e inténtelo de nuevo.",
    [T_CONSENT_TITLE] = "¿Compartir sus datos de Medicare?",
    [T_CONSENT_ASKS] = "solicita ver:",
    [T_SCOPE_PATIENT] = "Su información personal: nombre, fecha de nacimiento, sexo, raza, "
                        "dirección",
    [T_SCOPE_COVERAGE] = "Su cobertura de Medicare: partes A, B, C y D",
    [T_SCOPE_EOB] = "Sus reclamaciones de Medicare: visitas al médico, estadías en el "
                    "hospital, recetas",
    [T_SCOPE_PROFILE] = "Su nombre y los datos de su cuenta",
    [T_SHARE_PERSONAL] = "Compartir mi información personal (nombre, fecha de nacimiento, "
                         "dirección)",
    [T_ALLOW] = "Permitir",
    [T_DENY] = "Denegar",
    [T_APP_INACTIVE_TITLE] = "Aplicación inactiva",
    [T_APP_INACTIVE] = "Esta aplicación, {}, está inactiva temporalmente. Si usted es "
                       "beneficiario de Medicare y necesita ayuda, comuníquese con el equipo "
                       "de asistencia de la aplicación a la que intenta acceder.",
    [T_DASH_TITLE] = "Sus aplicaciones conectadas",
    [T_DASH_INTRO] = "Estas aplicaciones pueden ver sus datos de Medicare. Si desconecta una, deja "
                     "de verlos de inmediato.",
    [T_DASH_NONE] = "No ha conectado ninguna aplicación.",
    [T_DASH_CAN_SEE] = "Puede ver:",
    [T_DASH_CONNECTED] = "Conectada el",
    [T_DASH_EXPIRES] = "El acceso termina el",
    [T_DASH_NO_END] = "El acceso no termina (un estudio de investigación)",
    [T_DASH_LAST] = "Última vez que obtuvo sus datos",
    [T_DASH_NEVER] = "nunca",
    [T_DISCONNECT] = "Desconectar",
    [T_DISCONNECT_TITLE] = "¿Desconectar esta aplicación?",
    [T_DISCONNECT_TEXT] = "{} ya no podrá ver sus datos de Medicare. Para compartirlos de nuevo, "
                          "tendría que volver a conectar la aplicación desde la propia aplicación.",
    [T_DISCONNECT_YES] = "Sí, desconectarla",
    [T_CANCEL] = "Cancelar",
    [T_DISCONNECTED] = "La aplicación está desconectada: ya no puede ver sus datos.",
    [T_LOGOUT] = "Cerrar sesión",
    [T_LOGGED_IN_AS] = "Sesión iniciada como {}.",
    [T_APP_NOT_APPROVED] =
        "Esta aplicación, {}, todavía no está aprobada para su uso en producción.",
    [T_NO_SANDBOX_LOGIN] = "El inicio de sesión del entorno de pruebas no está disponible en este "
                           "servidor de producción.",
};

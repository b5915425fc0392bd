#include "synth/codes.h"

/* Each table's weights are relative frequencies (per 1,000 where the figures allow). */

/* Diagnoses: chronic conditions common among Medicare beneficiaries first; the last two are
 * substance-use disorders (42 CFR Part 2). */
static const struct {
	struct synth_dx dx;
	double weight;
} dxs[] = {
    {{"I10", false}, 180},  {{"E785", false}, 130}, {{"E119", false}, 110}, {{"I2510", false}, 55},
    {{"E039", false}, 45},  {{"I4891", false}, 40}, {{"N1830", false}, 35}, {{"J449", false}, 35},
    {{"K219", false}, 35},  {{"M1711", false}, 30}, {{"F0390", false}, 25}, {{"M5450", false}, 30},
    {{"Z0000", false}, 30}, {{"I509", false}, 30},  {{"E669", false}, 30},  {{"D649", false}, 25},
    {{"Z23", false}, 25},   {{"M810", false}, 25},  {{"F329", false}, 25},  {{"R0600", false}, 15},
    {{"N390", false}, 15},  {{"G4733", false}, 15}, {{"H2513", false}, 15}, {{"J189", false}, 10},
    {{"F1020", true}, 3},   {{"F1120", true}, 2},
};

const struct synth_dx *synth_dx_draw(struct rng *r)
{
	return &RNG_PICK(r, dxs)->dx;
}

/* Specialties: 08 family practice, 11 internal medicine, 06 cardiology, 10
 * gastroenterology, 18 ophthalmology, 20 orthopedic surgery, 30 diagnostic radiology, 65
 * physical therapist, 69 clinical laboratory. Places: 11 office, 21 inpatient hospital, 22
 * outpatient hospital, 31 skilled nursing facility, 81 independent laboratory. Types of
 * service: 1 medical care, 2 surgery, 4 diagnostic radiology, 5 diagnostic laboratory, V
 * pneumococcal/flu vaccine. */
static const struct {
	struct synth_service s;
	double weight;
} services[] = {
    {{"99213", "11", "11", "1", 1, 9200, {0}}, 160},
    {{"99214", "11", "11", "1", 1, 13100, {0}}, 140},
    {{"99232", "11", "21", "1", 1, 8200, {0}}, 40},
    {{"99308", "11", "31", "1", 1, 7300, {0}}, 25},
    {{"G0439", "08", "11", "1", 1, 13300, {0}}, 30},
    {{"36415", "69", "81", "5", 1, 300, {0}}, 90},
    {{"80053", "69", "81", "5", 1, 1100, {0}}, 70},
    {{"85025", "69", "81", "5", 1, 800, {0}}, 60},
    {{"83036", "69", "81", "5", 1, 1000, {0}}, 40},
    {{"93000", "06", "11", "5", 1, 1700, {0}}, 35},
    {{"71046", "30", "22", "4", 1, 3000, {0}}, 30},
    {{"77067", "30", "22", "4", 1, 13500, {0}}, 15},
    {{"92014", "18", "11", "1", 1, 14500, {0}}, 25},
    {{"66984", "18", "22", "2", 1, 56000, {0}}, 5},
    {{"45378", "10", "22", "2", 1, 21000, {0}}, 5},
    {{"97110", "65", "11", "1", 1, 3000, {0}}, 50},
    {{"20610", "20", "11", "2", 1, 6200, {0}}, 15},
    {{"96372", "11", "11", "1", 1, 1500, {0}}, 20},
    {{"G0008", "11", "11", "V", 1, 3000, {0}}, 20},
    {{"90662", "11", "11", "V", 1, 6500, {0}}, 20},
};

const struct synth_service *synth_service_draw(struct rng *r)
{
	return &RNG_PICK(r, services)->s;
}

/* Equipment and supplies at home (place 12), with the condition each is for. Suppliers: A5
 * pharmacy, A6 medical supply company with a respiratory therapist, 51 with an orthotist, 54
 * other medical supply companies. Types of service: R rental, P purchase, S supplies. */
static const struct {
	struct synth_service s;
	double weight;
} dme[] = {
    {{"A4253", "A5", "12", "S", 2, 6200, {"E119", false}}, 200},
    {{"A4259", "A5", "12", "S", 1, 1600, {"E119", false}}, 120},
    {{"E1390", "A6", "12", "R", 1, 15800, {"J449", false}}, 150},
    {{"E0601", "A6", "12", "R", 1, 7900, {"G4733", false}}, 110},
    {{"A7030", "A6", "12", "S", 1, 9400, {"G4733", false}}, 60},
    {{"J7613", "A5", "12", "S", 90, 1900, {"J449", false}}, 80},
    {{"E0143", "54", "12", "P", 1, 10900, {"R2681", false}}, 60},
    {{"K0001", "54", "12", "R", 1, 4200, {"R2681", false}}, 40},
    {{"E0260", "54", "12", "R", 1, 13400, {"R2681", false}}, 30},
    {{"L1833", "51", "12", "P", 1, 8600, {"M1711", false}}, 40},
    {{"A4351", "54", "12", "S", 100, 14500, {"N3946", false}}, 30},
};

const struct synth_service *synth_dme_draw(struct rng *r)
{
	return &RNG_PICK(r, dme)->s;
}

/* Hospital outpatient services by revenue center: 0300 laboratory, 0320 radiology, 0360
 * operating room, 0420 physical therapy, 0450 emergency room, 0510 clinic, 0610 MRI, 0636
 * drugs requiring detailed coding, 0730 EKG, 0260 IV therapy. */
static const struct {
	struct synth_op_service s;
	double weight;
} op_services[] = {
    {{"0510", "G0463", 13000}, 250}, {{"0300", "80053", 1100}, 300},
    {{"0300", "85025", 800}, 250},   {{"0300", "36415", 300}, 200},
    {{"0300", "83036", 1000}, 120},  {{"0320", "71046", 6000}, 100},
    {{"0450", "99284", 45000}, 60},  {{"0730", "93005", 2000}, 80},
    {{"0610", "70551", 25000}, 30},  {{"0360", "66984", 200000}, 15},
    {{"0360", "45378", 110000}, 15}, {{"0420", "97110", 3500}, 100},
    {{"0636", "J1100", 100}, 40},    {{"0636", "J0897", 150000}, 5},
    {{"0260", "96365", 18000}, 30},
};

const struct synth_op_service *synth_op_draw(struct rng *r)
{
	return &RNG_PICK(r, op_services)->s;
}

/* Common MS-DRGs of Medicare stays: 871 septicemia w MCC, 291 heart failure w MCC, 470
 * major joint replacement (knee, hip), 190 COPD w MCC, 193 simple pneumonia w MCC, 690
 * kidney and urinary tract infections, 682 renal failure w MCC, 065 stroke w CC, 247
 * percutaneous cardiovascular procedure with drug-eluting stent, 378 GI hemorrhage w CC,
 * 603 cellulitis, 481 hip and femur procedures w CC, 812 red blood cell disorders, 309
 * cardiac arrhythmia w CC, 641 nutritional and metabolic disorders. */
static const struct {
	struct synth_drg d;
	double weight;
} drgs[] = {
    {{"871", {"A419", false}, NULL, 6, 1300000}, 100},
    {{"291", {"I5023", false}, NULL, 5, 900000}, 90},
    {{"470", {"M1711", false}, "0SRC0JZ", 2, 1250000}, 45},
    {{"470", {"M1611", false}, "0SR90JZ", 2, 1250000}, 30},
    {{"190", {"J441", false}, NULL, 4, 700000}, 60},
    {{"193", {"J189", false}, NULL, 5, 850000}, 60},
    {{"690", {"N390", false}, NULL, 3, 550000}, 50},
    {{"682", {"N179", false}, NULL, 5, 1000000}, 50},
    {{"065", {"I639", false}, NULL, 4, 720000}, 40},
    {{"247", {"I214", false}, "027034Z", 3, 1350000}, 30},
    {{"378", {"K922", false}, "0DJ08ZZ", 4, 700000}, 30},
    {{"603", {"L03116", false}, NULL, 4, 560000}, 30},
    {{"481", {"S72001A", false}, "0QS604Z", 5, 1500000}, 30},
    {{"812", {"D649", false}, "30233N1", 3, 560000}, 20},
    {{"309", {"I480", false}, NULL, 3, 560000}, 30},
    {{"641", {"E871", false}, NULL, 3, 500000}, 20},
};

const struct synth_drg *synth_drg_draw(struct rng *r)
{
	return &RNG_PICK(r, drgs)->d;
}

/* After a hospital stay: aftercare following joint replacement and fracture, weakness,
 * heart failure, pneumonia. */
static const struct {
	struct synth_dx dx;
	double weight;
} snf_dx[] = {
    {{"Z4789", false}, 30}, {{"S72001D", false}, 15}, {{"M6281", false}, 25},
    {{"I509", false}, 15},  {{"J189", false}, 10},    {{"R2681", false}, 10},
};

const struct synth_dx *synth_snf_dx_draw(struct rng *r)
{
	return &RNG_PICK(r, snf_dx)->dx;
}

static const struct {
	struct synth_dx dx;
	double weight;
} hha_dx[] = {
    {{"I509", false}, 25},  {{"Z96651", false}, 15}, {{"M6281", false}, 20},
    {{"E1122", false}, 15}, {{"J449", false}, 15},   {{"R2681", false}, 10},
};

const struct synth_dx *synth_hha_dx_draw(struct rng *r)
{
	return &RNG_PICK(r, hha_dx)->dx;
}

/* Hospice: dementia, cancer, heart failure, COPD, Alzheimer's disease. */
static const struct {
	struct synth_dx dx;
	double weight;
} hospice_dx[] = {
    {{"F0390", false}, 25}, {{"C3490", false}, 20}, {{"I509", false}, 20},
    {{"J449", false}, 15},  {{"G309", false}, 20},
};

const struct synth_dx *synth_hospice_dx_draw(struct rng *r)
{
	return &RNG_PICK(r, hospice_dx)->dx;
}

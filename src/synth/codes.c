#include "synth/codes.h"

/* Weights per 1,000 diagnoses: chronic conditions common among Medicare beneficiaries first;
 * the last two are substance-use disorders (42 CFR Part 2). */
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
#define NDX ((int)(sizeof dxs / sizeof dxs[0]))

const struct synth_dx *synth_dx_draw(struct rng *r)
{
	double w[NDX];
	for (int i = 0; i < NDX; i++)
		w[i] = dxs[i].weight;
	return &dxs[rng_weighted(r, w, NDX)].dx;
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
    {{"99213", "11", "11", "1", 9200}, 160}, {{"99214", "11", "11", "1", 13100}, 140},
    {{"99232", "11", "21", "1", 8200}, 40},  {{"99308", "11", "31", "1", 7300}, 25},
    {{"G0439", "08", "11", "1", 13300}, 30}, {{"36415", "69", "81", "5", 300}, 90},
    {{"80053", "69", "81", "5", 1100}, 70},  {{"85025", "69", "81", "5", 800}, 60},
    {{"83036", "69", "81", "5", 1000}, 40},  {{"93000", "06", "11", "5", 1700}, 35},
    {{"71046", "30", "22", "4", 3000}, 30},  {{"77067", "30", "22", "4", 13500}, 15},
    {{"92014", "18", "11", "1", 14500}, 25}, {{"66984", "18", "22", "2", 56000}, 5},
    {{"45378", "10", "22", "2", 21000}, 5},  {{"97110", "65", "11", "1", 3000}, 50},
    {{"20610", "20", "11", "2", 6200}, 15},  {{"96372", "11", "11", "1", 1500}, 20},
    {{"G0008", "11", "11", "V", 3000}, 20},  {{"90662", "11", "11", "V", 6500}, 20},
};
#define NSERVICES ((int)(sizeof services / sizeof services[0]))

const struct synth_service *synth_service_draw(struct rng *r)
{
	double w[NSERVICES];
	for (int i = 0; i < NSERVICES; i++)
		w[i] = services[i].weight;
	return &services[rng_weighted(r, w, NSERVICES)].s;
}

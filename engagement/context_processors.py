from django.conf import settings
from django.utils.functional import SimpleLazyObject

from engagement.navigation import navigation_for


def portal(request):
    return {
        "landlord_name": settings.LANDLORD_NAME,
        "landlord_phone": settings.LANDLORD_PHONE,
        "landlord_phone_hours": settings.LANDLORD_PHONE_HOURS,
        "emergency_phone": settings.LANDLORD_EMERGENCY_PHONE,
        # Worked out only when a page draws the header (never for a fragment that has none).
        "navigation": SimpleLazyObject(lambda: navigation_for(request)),
    }

from django.conf import settings


def portal(request):
    return {
        "landlord_name": settings.LANDLORD_NAME,
        "landlord_phone": settings.LANDLORD_PHONE,
        "landlord_phone_hours": settings.LANDLORD_PHONE_HOURS,
        "emergency_phone": settings.LANDLORD_EMERGENCY_PHONE,
    }

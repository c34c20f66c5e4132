from django.conf import settings


def portal(request):
    return {"landlord_name": settings.LANDLORD_NAME}

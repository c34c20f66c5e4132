"""Who a survey asks and how it goes out: the audience, publishing, sending progress, the phone-or-paper
list, and the public opt-out link from the emails."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from residents.models import Resident
from residents.permissions import staff_required

from ..forms import AudienceForm, PublishForm
from ..models import Invitation, InvitationChannel, Survey
from ..permissions import can_choose_audience, can_publish, get_invitation_by_token, get_survey_for_staff
from ..services import audience, invitations
from . import posted

CHOSEN_PAGE_SIZE = 25
SEARCH_RESULTS = 20
OFFLINE_PAGE_SIZE = 50


def _chosen_page(request, survey: Survey):
    chosen = survey.audience_residents.select_related("home").order_by("last_name", "first_name", "id")
    return Paginator(chosen, CHOSEN_PAGE_SIZE).get_page(request.GET.get("page"))


@require_http_methods(["GET", "POST"])
@staff_required
def survey_audience(request, pk: int):
    survey = get_survey_for_staff(request, pk)
    chosen_count = survey.audience_residents.count()
    form = AudienceForm(posted(request), instance=survey, chosen_count=chosen_count)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            audience.set_audience(
                survey=survey,
                kind=data["audience"],
                neighbourhoods=data["audience_neighbourhoods"],
                tenure=data["audience_tenure"],
                sample_size=data["sample_size"],
                panel=data["audience_panel"],
                cadence=data["cadence"],
                wave_count=data["wave_count"],
                reminder_after_days=data["reminder_after_days"],
                reminder_limit=data["reminder_limit"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Saved who this survey asks. Check the numbers before you publish.")
            return redirect("surveys:survey_publish", pk=survey.pk)
    q = request.GET.get("q", "").strip()
    matches = list(Resident.objects.with_home().search(q)[:SEARCH_RESULTS]) if q else []
    already = set(survey.audience_residents.filter(pk__in=[r.pk for r in matches]).values_list("pk", flat=True))
    return render(
        request,
        "surveys/survey_audience.html",
        {
            "survey": survey,
            "form": form,
            "q": q,
            "matches": matches,
            "already": already,
            "chosen": _chosen_page(request, survey),
            "chosen_count": chosen_count,
            "chosen_query": urlencode({"q": q}) if q else "",
            "editable": can_choose_audience(survey),
            "rest_days": settings.SURVEY_REST_DAYS,
        },
    )


@require_POST
@staff_required
def audience_residents(request, pk: int):
    """Add a resident to the hand-picked list, or take one off."""
    survey = get_survey_for_staff(request, pk)
    url = reverse("surveys:survey_audience", args=[survey.pk])
    resident_id = request.POST.get("resident", "")
    if not resident_id.isdigit():
        messages.error(request, "Choose a resident to add or take off.")
        return redirect(url)
    resident = get_object_or_404(Resident, pk=int(resident_id))
    try:
        if request.POST.get("action") == "remove":
            audience.remove_audience_residents(survey=survey, residents=[resident])
            messages.success(request, f"Took {resident.full_name} off the list.")
        else:
            audience.add_audience_residents(survey=survey, residents=[resident])
            messages.success(request, f"Added {resident.full_name} to the list.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    q = request.POST.get("q", "").strip()
    return redirect(f"{url}?{urlencode({'q': q})}#chosen" if q else f"{url}#chosen")


@require_http_methods(["GET", "POST"])
@staff_required
def survey_publish(request, pk: int):
    survey = get_survey_for_staff(request, pk)
    if not can_publish(survey):
        return redirect("surveys:survey_progress", pk=survey.pk)
    opens_on = timezone.localdate(survey.opens_at) if survey.opens_at else timezone.localdate()
    form = PublishForm(posted(request), initial={"opens_on": max(opens_on, timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        try:
            wave = invitations.publish_survey(survey=survey, opens_at=form.opens_at())
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if wave.published_at:
                messages.success(request, f"Published. Invitations to {wave.invited:,} residents are on their way.")
            else:
                day = timezone.localdate(wave.starts_at)
                messages.success(request, f"Published. Invitations go out on {day:%A} {day.day} {day:%B %Y}.")
            return redirect("surveys:survey_progress", pk=survey.pk)
    problems = invitations.publishing_problems(survey)
    preview = None if problems else audience.count_audience(survey=survey)
    return render(
        request,
        "surveys/survey_publish.html",
        {
            "survey": survey,
            "form": form,
            "problems": problems,
            "preview": preview,
            "exclusions": audience.exclusion_rows(preview.exclusions) if preview else [],
            "nobody": invitations.nobody_invited_message(preview) if preview and not preview.audience else "",
            "waves": survey.wave_count if survey.cadence != "once" else 1,
        },
    )


@require_GET
@staff_required
def survey_progress(request, pk: int):
    survey = get_survey_for_staff(request, pk)
    progress = invitations.sending_progress(survey)
    waves = [(wave, audience.exclusion_rows(wave.exclusions)) for wave in survey.waves.order_by("number")]
    context = {"survey": survey, "progress": progress, "waves": waves, "now": timezone.now()}
    if request.htmx:
        return render(request, "surveys/includes/sending_progress.html", context)
    return render(request, "surveys/survey_progress.html", context)


@require_GET
@staff_required
def offline_list(request, pk: int):
    survey = get_survey_for_staff(request, pk)
    offline = (
        Invitation.objects.filter(survey=survey, channel=InvitationChannel.OFFLINE)
        .select_related("resident__home")
        .only(
            "id",
            "responded",
            "opted_out_at",
            "resident__first_name",
            "resident__last_name",
            "resident__phone",
            "resident__home__address_line_1",
            "resident__home__address_line_2",
            "resident__home__town",
            "resident__home__postcode",
        )
        .order_by("resident__last_name", "resident__first_name", "id")
    )
    page = Paginator(offline, OFFLINE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "surveys/offline_list.html", {"survey": survey, "page": page})


@login_not_required
@require_http_methods(["GET", "POST"])
def opt_out(request, token: str):
    """From the link in a survey email: a button first (link checkers in mail systems only GET), then done."""
    invitation = get_invitation_by_token(token)
    if request.method == "POST":
        result = invitations.opt_out_of_surveys(invitation=invitation)
        return render(request, "surveys/opt_out_done.html", {"invitation": invitation, "result": result})
    return render(request, "surveys/opt_out.html", {"invitation": invitation})
